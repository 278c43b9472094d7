// geokg report: clicking an event row highlights its sentence(s) in the text.
(function () {
  "use strict";
  function select(row) {
    document.querySelectorAll(".sent.hl").forEach(function (el) {
      el.classList.remove("hl");
    });
    document.querySelectorAll("tr.event-row.selected").forEach(function (el) {
      el.classList.remove("selected");
    });
    row.classList.add("selected");
    var ids = (row.getAttribute("data-sentences") || "").split(" ").filter(Boolean);
    ids.forEach(function (id) {
      var el = document.getElementById(id);
      if (el) { el.classList.add("hl"); }
    });
    var first = ids.length ? document.getElementById(ids[0]) : null;
    if (first) { first.scrollIntoView({block: "center"}); }
  }
  document.addEventListener("click", function (ev) {
    var row = ev.target.closest("tr.event-row");
    if (row && !ev.target.closest("a")) { select(row); }
  });
  document.addEventListener("keydown", function (ev) {
    var row = ev.target.closest && ev.target.closest("tr.event-row");
    if (row && (ev.key === "Enter" || ev.key === " ")) { ev.preventDefault(); select(row); }
  });
  document.querySelectorAll("a.to-sentence").forEach(function (link) {
    link.addEventListener("click", function () { select(link.closest("tr.event-row")); });
  });
})();
