"""The model's attribute rules (coarse tags), applied without spaCy's general Matcher.

`en_core_web_sm` ends its tagging with an `attribute_ruler`: about 180 rules that
give each token its coarse part of speech from the fine-grained tag, sometimes with
the word or the dependency label ("that" tagged WDT is a pronoun), and mark
whitespace tokens (tag `_SP`, label `dep`). spaCy runs them through its general
Matcher, which tries every rule at every token: a sixth of the whole pipeline's time.

This component applies the very same rules, read from the loaded ruler, through
dictionaries keyed by tag, word and whitespace, with the ruler's order (a later
rule overrides an earlier one, every rule sees the tokens as the tagger and parser
left them). It sets the coarse tag, the fine tag and the dependency label; the
lemmas and morphological features the rules also carry are not set, since nothing
in extraction reads them (the lemmatizer, their only reader, is excluded). A rule
it cannot express (an operator, another token attribute, another kind of
value) makes `compile_rules` return None, and the model's own ruler is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, IDS as ATTR_IDS, IS_SPACE, LOWER, POS, TAG
from spacy.language import Language
from spacy.strings import get_string_id

# The name this component is registered under, and the model's component it stands in for.
NAME = "briefing_coarse_tags"
REPLACES = "attribute_ruler"

# Token attributes a rule may test, and how: equality, or membership ("IN"/"NOT_IN").
TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")
# What a rule may set; MORPH and LEMMA are accepted and left unset (see above).
SET = ("POS", "TAG", "DEP")
IGNORED = ("MORPH", "LEMMA")


@dataclass(frozen=True)
class _Test:
    column: int  # index in TESTED
    values: frozenset[int]  # string ids (0/1 for IS_SPACE)
    negated: bool  # NOT_IN


@dataclass(frozen=True)
class _Rule:
    order: int  # the ruler's rule number: a later rule wins
    pattern: tuple[tuple[_Test, ...], ...]  # one tuple of tests per token
    target: int  # which token of the match gets the attributes (the ruler's `index`)
    pos: int | None
    tag: int | None
    dep: int | None


def install(nlp) -> bool:
    """Put this component in the place of the model's attribute ruler when it can apply every rule."""
    if REPLACES not in nlp.pipe_names or compile_rules(nlp.get_pipe(REPLACES)) is None:
        return False
    nlp.add_pipe(NAME, after=REPLACES)
    nlp.remove_pipe(REPLACES)
    return True


@Language.factory(NAME)
def _make(nlp, name: str) -> "CoarseTags":
    return CoarseTags(compile_rules(nlp.get_pipe(REPLACES)))


class CoarseTags:
    """Pipeline component: the attribute rules of the model's ruler, by dictionary lookup."""

    # Distinct tokens (tag, word, label, whitespace) whose outcome is remembered; past this the
    # memory is emptied, so that a long run does not keep every word it has seen.
    MEMO_SIZE = 100_000

    def __init__(self, rules: list[_Rule]) -> None:
        # A one-token rule's outcome depends on the token alone: it is worked out once per
        # distinct token and remembered. Rules are found through one test of their first token
        # (its tag, its word...); a rule with no such test is tried everywhere.
        self.by_value: list[dict[int, list[_Rule]]] = [{} for _ in TESTED]
        self.everywhere: list[_Rule] = []
        self.longer: list[_Rule] = []  # rules over several tokens: matched in each doc
        for rule in rules:
            if len(rule.pattern) > 1:
                self.longer.append(rule)
                continue
            anchor = next((t for t in rule.pattern[0] if not t.negated), None)
            if anchor is None:
                self.everywhere.append(rule)
                continue
            for value in anchor.values:
                self.by_value[anchor.column].setdefault(value, []).append(rule)
        self.memo: dict[tuple[int, ...], tuple] = {}

    def __call__(self, doc):
        n = len(doc)
        if not n:
            return doc
        rows = [tuple(row) for row in doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()]
        memo = self.memo
        if len(memo) > self.MEMO_SIZE:
            memo.clear()
        outcomes = []  # per token: (order, value) or None for POS, TAG, DEP
        for row in rows:
            outcome = memo.get(row)
            if outcome is None:
                outcome = memo[row] = self._outcome(row)
            outcomes.append(outcome)
        if self.longer:
            outcomes = self._apply_longer(rows, outcomes)
        pos = doc.to_array(POS).tolist()
        for i, (new_pos, new_tag, new_dep) in enumerate(outcomes):
            if new_pos is not None:
                pos[i] = new_pos[1]
            if new_tag is not None and rows[i][0] != new_tag[1]:
                doc[i].tag = new_tag[1]
            if new_dep is not None and rows[i][2] != new_dep[1]:
                doc[i].dep = new_dep[1]
        doc.from_array([POS], numpy.array(pos, dtype=numpy.uint64).reshape(n, 1))
        return doc

    def _outcome(self, row: tuple[int, ...]) -> tuple:
        """What the one-token rules give a token with these (tag, word, label, whitespace) values."""
        candidates = [rule for column, table in enumerate(self.by_value) for rule in table.get(row[column], ())]
        candidates += self.everywhere
        outcome: list = [None, None, None]
        for rule in sorted(candidates, key=lambda r: r.order):
            if _matches(rule.pattern, (row,), 0):
                _set(outcome, rule)
        return tuple(outcome)

    def _apply_longer(self, rows, outcomes):
        """Outcomes with the rules over several tokens, each winning where it comes later than a one-token rule."""
        changed = {}
        for rule in self.longer:
            anchor = next((t for t in rule.pattern[0] if not t.negated), None)
            if anchor is None:
                starts = range(len(rows))
            else:
                column, values = anchor.column, anchor.values
                starts = [i for i, row in enumerate(rows) if row[column] in values]
            for start in starts:
                if _matches(rule.pattern, rows, start):
                    target = start + (rule.target if rule.target >= 0 else len(rule.pattern) + rule.target)
                    outcome = changed.setdefault(target, list(outcomes[target]))
                    _set(outcome, rule)
        if not changed:
            return outcomes
        outcomes = list(outcomes)
        for target, outcome in changed.items():
            outcomes[target] = tuple(outcome)
        return outcomes


def _set(outcome: list, rule: _Rule) -> None:
    """The rule's values, where it comes after the rule that set each so far (the ruler's precedence)."""
    for slot, value in enumerate((rule.pos, rule.tag, rule.dep)):
        if value is not None and (outcome[slot] is None or outcome[slot][0] <= rule.order):
            outcome[slot] = (rule.order, value)


def _matches(pattern, rows, start: int) -> bool:
    """Whether `pattern` matches the tokens from `start` (rows: the tested values of each token)."""
    if start + len(pattern) > len(rows):
        return False
    for offset, tests in enumerate(pattern):
        row = rows[start + offset]
        for test in tests:
            if (row[test.column] in test.values) == test.negated:
                return False
    return True


def compile_rules(ruler) -> list[_Rule] | None:
    """The ruler's rules in its order, or None when one of them is beyond this component."""
    vocab = ruler.vocab
    set_ids = {ATTR_IDS[name]: name for name in SET}
    ignored_ids = {ATTR_IDS[name] for name in IGNORED}
    rules = []
    for order, (entry, attrs) in enumerate(zip(ruler.patterns, ruler.attrs)):
        # `attrs` are the values the ruler itself writes (strings and tags as ids).
        if set(attrs) - set(set_ids) - ignored_ids:
            return None
        values = {set_ids[key]: value for key, value in attrs.items() if key in set_ids}
        if not values:
            continue  # a lemma or morphology rule only: it changes nothing this component sets
        patterns = []
        for pattern in entry["patterns"]:
            tokens = []
            for spec in pattern:
                tests = []
                for key, value in spec.items():
                    test = _test(key, value, vocab)
                    if test is None:
                        return None
                    tests.append(test)
                tokens.append(tuple(tests))
            if not tokens:
                return None
            patterns.append(tuple(tokens))
        index = entry["index"]
        for pattern in patterns:
            if not -len(pattern) <= index < len(pattern):
                return None  # the ruler itself fails on such a rule when it matches
            rules.append(_Rule(order, pattern, index, values.get("POS"), values.get("TAG"), values.get("DEP")))
    return rules


def _test(key, value, vocab) -> _Test | None:
    """One token test as the Matcher reads it: strings by their id, booleans as 0/1."""
    if not isinstance(key, str) or key.upper() not in TESTED:
        return None
    column = TESTED.index(key.upper())
    if column == TESTED.index("IS_SPACE"):
        return _Test(column, frozenset({int(value)}), False) if isinstance(value, bool) else None
    if isinstance(value, str):
        return _Test(column, frozenset({vocab.strings.add(value)}), False)
    if isinstance(value, dict) and len(value) == 1:
        (operator, values), = value.items()
        if operator in ("IN", "NOT_IN") and isinstance(values, list) and all(isinstance(v, str) for v in values):
            return _Test(column, frozenset(get_string_id(v) for v in values), operator == "NOT_IN")
    return None
