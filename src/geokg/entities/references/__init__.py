"""The reference layer: which entity "he", "it", "they", "I", "we", "the ministry"
or "the two leaders" denotes, read by every linking and event pass.

Method: the deterministic multi-pass sieve of Lee et al. (2013, "Deterministic
coreference resolution based on entity-centric, precision-ranked rules"). Every
mention is named (a name, demonym, capital), nominal (a description), pronominal
or first person, with features: what it can denote (person, state, body), number
and, for people, gender where the text shows it ("Mr", "Queen"). The passes run
most precise first, each adding to the chains the earlier ones built, and a
mention a pass cannot place is left to the next one, or unresolved (never
guessed):

1. Names (geokg.entities.people, places, organisations): exact and relaxed name
   match (a surname, a listed short name, accents folded), apposition and role
   apposition ("its defence minister, X": geokg.entities.posts), acronyms and
   aliases (the gazetteer). Each chain ends at a linked entity.
2. First person in official texts (`first_person`): the speaker a headline names
   ("Statement by President X on ...") is "I", "me", "my"; "we", "our" that
   speaker's state. Words inside a quotation are someone else's and are left.
3. Head-noun descriptions: "the minister", "his counterpart" (posts), "the
   alliance" (organisations), and the descriptions of groups and bridging that
   events need ("the two leaders", "both governments", "the militants", "the
   country", "its troops": geokg.events.participants reads this layer's salience).
4. Pronouns (`salience`) under agreement (kind, number, gender) and syntactic
   constraints (an object pronoun is not its own verb's subject; a name inside a
   quotation is not who speaks after it; "it" after a subject that is a thing is
   that thing), ranked by salience: a possessive's own clause subject first, then
   the latest main-clause subject, recency by sentence.
"""

from geokg.entities.references.features import listed_state
from geokg.entities.references.first_person import headline_speaker, link_first_person
from geokg.entities.references.salience import References, person_antecedent

__all__ = ["References", "headline_speaker", "link_first_person", "listed_state",
           "person_antecedent"]
