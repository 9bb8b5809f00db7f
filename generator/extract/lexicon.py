"""General English vocabulary for titles, roles and honorifics.

These are words of the language (offices and forms of address), not names of
people, organisations or places; they let the extractor separate "Defence
Secretary Mr. Thorne" into a role, an honorific and a name.
"""

from __future__ import annotations

HONORIFICS = frozenset(
    """mr mrs ms miss mx dr sir dame lord lady baroness baron prof professor rev reverend
    father sister brother sheikh sheik rabbi imam mister madam monsieur herr""".split()
)

# Honorifics after which the given name alone is used ("Sir Alden").
GIVEN_NAME_HONORIFICS = frozenset({"sir", "dame", "lord", "lady"})

# Head words of offices and roles: a role phrase ends in one of these.
ROLE_HEADS = frozenset(
    """president vice-president president-elect minister premier chancellor secretary secretary-general
    senator sen rep representative congressman congresswoman governor gov mayor
    general gen admiral colonel col major captain capt lieutenant lt sergeant sgt commander
    chief envoy ambassador diplomat spokesman spokeswoman spokesperson king queen prince princess
    emperor pope cardinal bishop archbishop judge justice attorney prosecutor chairman chairwoman chair
    director ceo cfo coo founder leader premier deputy speaker mp mep coach manager striker
    midfielder defender goalkeeper commissioner inspector officer negotiator adviser advisor
    counsel economist analyst executive boss head candidate nominee chancellor-elect
    governor-general ruler monarch dictator commander-in-chief""".split()
)

# Words that modify a role without being an office themselves ("special envoy").
ROLE_MODIFIERS = frozenset(
    """former acting deputy special senior chief foreign defence defense home interior
    finance trade industry health education justice state prime vice assistant junior
    shadow interim outgoing incoming top general executive managing national security
    opposition party first lead regional local district""".split()
)

# Months and days (with their abbreviations): dates, never a name on their own ("May 15 v Ashford").
CALENDAR_WORDS = frozenset(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
    saturday sunday mon tue tues wed thu thur thurs fri sat sun""".split()
)

# Words that are never an organisation on their own ("Defence" from "Defence Secretary").
FRAGMENT_WORDS = ROLE_HEADS | ROLE_MODIFIERS | HONORIFICS | frozenset(
    """the of and for government ministry department office administration state states
    parliament congress senate cabinet court police army navy council committee men women""".split()
) | CALENDAR_WORDS

# Verbs that introduce speech; used to attribute quotes.
SPEECH_VERBS = frozenset(
    """say said says saying tell told tells add added adds state stated states declare declared
    note noted notes remark remarked remarking describe described term termed call called
    insist insisted warn warned claim claimed argue argued explain explained write wrote
    announce announced comment commented reply replied respond responded ask asked
    admit admitted suggest suggested conclude concluded continue continued""".split()
)

PRONOUNS = frozenset({"he", "she", "they"})

# Head words that make an organisation-like name a group of people.
GROUP_HEADS = frozenset(
    """forces rebels militants troops insurgents fighters separatists protesters protestors
    militia militias coalition supporters activists""".split()
)

# Words after a place name that make it the name of a disease ("Ashvale virus").
DISEASE_WORDS = frozenset("virus viruses fever disease flu influenza strain vaccine".split())
