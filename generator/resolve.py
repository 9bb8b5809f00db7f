"""Cross-article entity resolution: which actors in different articles are one.

Extraction names each actor within one article. Here the same person, written
"Mykola Zelinsky", "Zelinskyy" or "President Zelinsky" in three articles,
becomes one site entity, while "Tamsin Penhallow" and "Ivo Penhallow" stay two.
No NLP and no I/O: only the names, kinds, aliases and co-occurring entities
that extraction found, and general rules of how news writes names:

- one key per name: case, accents, punctuation, "U.S."-style dots, possessives,
  nicknames in quotes, generational suffixes (Jr, III) and company forms
  (Inc, Ltd) do not count, nor British/American spellings (Centre/Center);
- people: full names agree when first and last names agree and the middle
  names do not contradict ("Henry J. Corvell" = "Henry Corvell"); last names
  may differ by a transliteration variant (Zelinsky/Zelinskyy/Zelinskiy);
  a surname alone joins the one full name it can mean, or, when several
  people share it, the one the article's other entities point to (also
  when the tagger called it an organisation, if the context agrees; a word
  in capitals is an acronym, never a surname);
- organisations: an acronym joins the one name whose initials spell it,
  a lone head word ("Kestrels") the one full name ending with it, and a
  name written as one word or two ("NovaTek", "Nova Tek") is one name;
  a "person" the articles mostly write as a place one goes to ("checked
  into Rowan Hale") is the site's "Rowan Hale Center";
- aliases that extraction joined inside one article ("Northern Rail Holdings
  (NRH)") join across articles too.

A join that would put two different full names together is refused; a
surname that could mean several people with nothing to choose between them
is left alone and reported as a possible duplicate.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from generator.model import Article
from generator.overrides import Overrides, ref_key
from generator.slugs import short_hash, slug

ORG_KINDS = ("organisation", "group")
GENERATIONAL = {"jr", "sr", "ii", "iii", "iv", "v"}
COMPANY_FORMS = {"inc", "incorporated", "corp", "corporation", "co", "ltd", "limited", "llc", "plc", "ag", "sa", "gmbh", "nv", "bv"}
# Organisation names this long or longer are one name whether written as one word or two.
MIN_JOINED_LETTERS = 6
ACRONYM_SKIP = {"of", "and", "the", "for", "de", "du", "des", "la", "le", "der", "&", "on", "in", "at"}
# British → American spellings of words common in organisation names (the key only).
SPELLINGS = {"centre": "center", "centres": "centers", "theatre": "theater", "organisation": "organization",
             "organisations": "organizations", "defence": "defense", "programme": "program"}
_NICKNAME = re.compile(r"[\"“”‘’']\w[\w .-]*[\"“”‘’']")
_DOTTED = re.compile(r"\b(?:[A-Za-z]\.){2,}")
_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
# Where a name written right after it is a place one goes to or stays at.
_PLACE_WORD_BEFORE = re.compile(r"\b(?:at|into|in|to)\s+$", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)  # a name recurs in many articles, and is compared several times in each
def name_tokens(name: str, kind: str) -> tuple[str, ...]:
    """The comparable words of a name: folded, without the parts that do not identify."""
    text = _NICKNAME.sub(" ", name)
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)
    text = _POSSESSIVE.sub("", text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("'", "").replace("’", "")
    tokens = [t for t in re.split(r"[^\w&]+", text) if t]
    if kind == "person":
        while len(tokens) > 1 and tokens[-1] in GENERATIONAL:
            tokens.pop()
    elif kind in ORG_KINDS:
        while len(tokens) > 1 and tokens[-1] in COMPANY_FORMS:
            tokens.pop()
        tokens = [SPELLINGS.get(t, t) for t in tokens]
    return tuple(tokens)


def fold_spelling(token: str) -> str:
    """A transliteration-blind form of one name word: Zelinskyy, Zelinskiy and Zelinsky agree."""
    token = token.replace("kh", "h").replace("ph", "f").replace("w", "v").replace("y", "i")
    token = re.sub(r"(.)\1+", r"\1", token)  # doubled letters
    return token


def _first_names_agree(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    return False


def _middles_agree(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Middle names may be left out; those written must match (an initial matches its name)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    position = 0
    for word in short:
        while position < len(long) and not _first_names_agree(word, long[position]):
            position += 1
        if position == len(long):
            return False
        position += 1
    return True


def same_person(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two full names (two words or more) of one person?"""
    if len(a) < 2 or len(b) < 2:
        return False
    if fold_spelling(a[-1]) != fold_spelling(b[-1]):
        return False
    return _first_names_agree(a[0], b[0]) and _middles_agree(a[1:-1], b[1:-1])


def acronym(tokens: tuple[str, ...]) -> str:
    return "".join(t[0] for t in tokens if t not in ACRONYM_SKIP)


def _abbreviated(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    """The name with two to four of its words written as their initials, the rest as they are:
    ("united", "kingdom", "space", "agency") → ("uk", "space", "agency"), ...."""
    out = []
    for i in range(len(tokens)):
        for j in range(i + 2, min(len(tokens), i + 4) + 1):
            initials = acronym(tokens[i:j])
            rest = tokens[:i] + tokens[j:]
            if len(initials) >= 2 and rest and tokens[i] not in ACRONYM_SKIP and tokens[j - 1] not in ACRONYM_SKIP:
                out.append((*tokens[:i], initials, *tokens[j:]))
    return out


def written_acronym(name: str) -> str:
    """The acronym of a name as written: an abbreviation inside it gives all its letters
    ("UK Space Agency", "U.K. Space Agency" → "uksa")."""
    words = re.split(r"[^\w&]+", _DOTTED.sub(lambda m: m.group(0).replace(".", ""), name))
    return "".join(
        w.casefold() if w.isupper() and w.isalpha() and 2 <= len(w) <= 3 else w[0].casefold()
        for w in words if w and w.casefold() not in ACRONYM_SKIP
    )


@dataclass(frozen=True)
class Resolution:
    """Where each article's actors and places go (None: hidden by the editor), and what could not be decided."""

    actor_ids: dict[str, dict[str, str | None]]  # source path → article-local actor id → site actor id
    location_ids: dict[str, dict[str, str | None]]  # source path → article-local location id → site location id
    actor_names: dict[str, str]  # site actor id → the name its page shows
    location_names: dict[str, str]  # site location id → a name the editor chose
    fields: dict[str, dict[str, str]]  # site id → {"kind": …, "role": …} set by the editor
    possible_duplicates: tuple[str, ...]
    warnings: tuple[str, ...] = ()  # override references that match nothing


@dataclass
class _Record:
    """One actor of one article."""

    path: str
    local_id: str
    name: str
    kind: str
    tokens: tuple[str, ...]
    alias_keys: frozenset[tuple[str, ...]]
    context: frozenset[str]  # the article's other actors and places, by key
    weight: int  # named mentions in the article: the most used name is shown
    keys: frozenset[str]  # what an override reference may match: id, name and aliases as slugs


class _Clusters:
    """Union-find over records that refuses to join two different full names."""

    def __init__(self, records: list[_Record], apart: dict[int, set[tuple[int, int]]]) -> None:
        self.parent = list(range(len(records)))
        self.records = records
        self.full_names: dict[int, set[tuple[str, ...]]] = {
            i: ({r.tokens} if r.kind == "person" and len(r.tokens) > 1 else set()) for i, r in enumerate(records)
        }
        # (split group, item) tags from the editor's `split`: two items of one group never join.
        self.apart = {i: set(apart.get(i, ())) for i in range(len(records))}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, force: bool = False) -> bool:
        """Join the clusters of i and j; `force` (the editor's merge) skips the name check."""
        a, b = self.find(i), self.find(j)
        if a == b:
            return True
        if any(g == h and k != m for g, k in self.apart[a] for h, m in self.apart[b]):
            return False
        if not force and any(not same_person(x, y) for x in self.full_names[a] for y in self.full_names[b]):
            return False
        if b < a:
            a, b = b, a
        self.parent[b] = a
        self.full_names[a] |= self.full_names.pop(b)
        self.apart[a] |= self.apart.pop(b)
        return True


def _family(kind: str) -> str:
    return "org" if kind in ORG_KINDS else kind


def resolve(articles: Iterable[Article], overrides: Overrides = Overrides()) -> Resolution:
    articles = sorted(articles, key=lambda a: a.source.path)
    records: list[_Record] = []
    for article in articles:
        context = frozenset(
            [f"{_family(a.kind)}:{' '.join(name_tokens(a.name, a.kind))}" for a in article.actors]
            + [f"place:{l.id}" for l in article.locations]
        )
        for actor in article.actors:
            tokens = name_tokens(actor.name, actor.kind) or (actor.id,)
            aliases = frozenset(name_tokens(alias, actor.kind) for alias in actor.aliases) - {()}
            keys = frozenset({actor.id, ref_key(actor.name), *(ref_key(a) for a in actor.aliases)} - {""})
            records.append(_Record(
                article.source.path, actor.id, actor.name, actor.kind, tokens, aliases, context,
                max(1, len(actor.mentions)), keys,
            ))

    _facilities_named_as_people(articles, records)

    used: set[tuple[str, str]] = set()  # override references that matched something

    def matching(section: str, reference: str) -> list[int]:
        key = ref_key(reference)
        found = [i for i, r in enumerate(records) if key in r.keys]
        if found:
            used.add((section, reference))
        return found

    apart: dict[int, set[tuple[int, int]]] = defaultdict(set)
    for g, group in enumerate(overrides.split):
        for k, reference in enumerate(group):
            for i in matching("split", reference):
                apart[i].add((g, k))
    clusters = _Clusters(records, apart)
    by_key: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for i, record in enumerate(records):
        by_key[(_family(record.kind), record.tokens)].append(i)
    # 1. The same name is the same entity (within a kind family); a surname alone waits for
    #    step 4, since "Penhallow" in two articles may be two people.
    for (family, tokens), members in by_key.items():
        if family == "person" and len(tokens) == 1:
            continue
        for other in members[1:]:
            clusters.join(members[0], other)

    # 2. Aliases joined inside an article join across articles (multi-word names and acronyms only:
    #    a lone word like "Penhallow" is left to the surname rule).
    for i, record in enumerate(records):
        for alias in sorted(record.alias_keys):
            if len(alias) > 1 or (record.kind in ORG_KINDS and len(alias[0]) >= 2):
                for j in by_key.get((_family(record.kind), alias), []):
                    clusters.join(i, j)

    # A full name of several words tagged a person in one article and an organisation in
    # another ("Rowan Hale Center") is one entity that NER labelled two ways.
    by_tokens: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for (family, tokens), members in sorted(by_key.items()):
        if family in ("person", "org") and len(tokens) > 1:
            by_tokens[tokens].append(members[0])
    for firsts in by_tokens.values():
        for other in firsts[1:]:
            clusters.join(firsts[0], other)
    # An organisation's name written as one word or as two ("Nova Tek", "NovaTek", "Nova-Tek").
    by_letters: dict[str, list[int]] = defaultdict(list)
    for (family, tokens), members in sorted(by_key.items()):
        if family == "org" and len("".join(tokens)) >= MIN_JOINED_LETTERS:
            by_letters["".join(tokens)].append(members[0])
    for firsts in by_letters.values():
        for other in firsts[1:]:
            clusters.join(firsts[0], other)
    # Words of an organisation's name written as their initials ("UK Space Agency",
    # "United Kingdom Space Agency").
    for (family, tokens), members in sorted(by_key.items()):
        if family == "org":
            for shorter in _abbreviated(tokens):
                for j in by_key.get(("org", shorter), ())[:1]:
                    clusters.join(members[0], j)

    people = {key: members for key, members in by_key.items() if key[0] == "person"}
    full = {key: members for key, members in people.items() if len(key[1]) > 1}
    # 3. Full names of one person written differently.
    by_last: dict[str, list[tuple[str, ...]]] = defaultdict(list)
    for _, tokens in sorted(full):
        by_last[fold_spelling(tokens[-1])].append(tokens)
    for names in by_last.values():
        for n, a in enumerate(names):
            matches = [b for b in names if b != a and same_person(a, b)]
            # "Henry Corvell" may be "Henry Alden Corvell" or "Henry James Corvell":
            # join only when the matches agree with each other.
            if matches and all(same_person(x, y) for x in matches for y in matches):
                for b in matches:
                    clusters.join(full[("person", a)][0], full[("person", b)][0])

    notes: list[str] = []
    members_of = _groups(clusters)  # the full-name clusters as they stand; surnames only join them
    root_of = {i: root for root, members in members_of.items() for i in members}
    first_and_last: dict[str, set[int]] = defaultdict(set)  # given name → clusters of "Given Family" names
    for (_, tokens), members in full.items():
        if len(tokens) == 2:
            first_and_last[tokens[0]].add(root_of[members[0]])
    # 4. A surname alone: the one person it can mean, or the one the article's context points to.
    for (_, tokens), members in sorted(people.items()):
        if len(tokens) != 1:
            continue
        candidates = sorted({root_of[full[("person", b)][0]] for b in by_last.get(fold_spelling(tokens[0]), [])})
        if _written_as_acronym(records, members, tokens[0]):
            candidates = []  # "NTK" tagged a person is an acronym, not a surname spelt like one
        if not candidates:
            organisation = by_key.get(("org", tokens), [])
            if organisation:
                # An organisation of that very name that NER took for a person ("Kestrels" tagged a
                # person in some articles, an organisation in others).
                for i in members:
                    clusters.join(organisation[0], i)
                continue
            # A given name alone ("Mara") joins a first-and-last name starting with it, only when
            # the article's other entities point there too (many people share a first name).
            given = sorted(first_and_last.get(tokens[0], ()))
            for i in members if given else ():
                chosen = _by_context(records, members_of, i, given)
                if chosen is not None:
                    clusters.join(chosen, i)
            continue
        for i in members:
            chosen = candidates[0] if len(candidates) == 1 else _by_context(records, members_of, i, candidates)
            if chosen is None:
                names = sorted({_display(records, members_of[c]) for c in candidates})
                notes.append(f"{records[i].path}: '{records[i].name}' could be {' or '.join(names)}")
            else:
                clusters.join(chosen, i)
    # The surnames that joined nobody (here, or in an article of their own) share one entity.
    for (family, tokens), members in people.items():
        if len(tokens) == 1:
            alone = [i for i in members if not clusters.full_names[clusters.find(i)]]
            for other in alone[1:]:
                clusters.join(alone[0], other)

    # 5. Organisations: an acronym, or a lone head word, joins the one longer name it abbreviates.
    members_of = _groups(clusters)
    root_of = {i: root for root, members in members_of.items() for i in members}
    orgs = {key[1]: members for key, members in by_key.items() if key[0] == "org"}
    by_initials: dict[str, set[int]] = defaultdict(set)
    by_head: dict[str, set[int]] = defaultdict(set)
    for tokens, members in orgs.items():
        if len(tokens) > 1:
            for initials in {acronym(tokens), *(written_acronym(records[i].name) for i in members)}:
                by_initials[initials].add(root_of[members[0]])
            by_head[tokens[-1]].add(root_of[members[0]])
    for tokens, members in sorted(orgs.items()):
        if len(tokens) != 1:
            continue
        word = tokens[0]
        names_as_written = {records[i].name for i in members}
        # An acronym is written in capitals everywhere ("KESTRELS" in one headline is not one).
        is_acronym = _written_as_acronym(records, members, word)
        targets = (by_initials if is_acronym else by_head).get(word, set())
        if root_of[members[0]] in targets:  # already joined through an alias
            continue
        surnames = by_last.get(fold_spelling(word), []) if not is_acronym and not targets else []
        if len(surnames) == 1:
            # A surname tagged an organisation ("Quennell" alone): the one person of that name,
            # when the article's other entities point there too.
            person = root_of[full[("person", surnames[0])][0]]
            for i in members:
                if _by_context(records, members_of, i, [person]) is not None:
                    clusters.join(person, i)
            continue
        if len(targets) == 1:
            for i in members:
                clusters.join(next(iter(targets)), i)
        elif len(targets) > 1:
            names = sorted({_display(records, members_of[t]) for t in targets})
            notes.append(f"'{sorted(names_as_written)[0]}' could be {' or '.join(names)}")

    # 6. The editor's merges, whatever the rules said.
    for group in overrides.merge:
        matched = [i for reference in group for i in matching("merge", reference)]
        for other in matched[1:]:
            clusters.join(matched[0], other, force=True)

    renames = {ref_key(r): name for r, name in overrides.rename}
    settings = {ref_key(r): dict(fields) for r, fields in overrides.set}
    hidden = {ref_key(r) for r in overrides.hide}
    for section, references in (("rename", [r for r, _ in overrides.rename]), ("set", [r for r, _ in overrides.set]),
                                ("hide", list(overrides.hide))):
        for reference in references:
            matching(section, reference)
    actor_ids, actor_names, fields = _site_ids(records, clusters, renames, settings, hidden)
    location_ids, location_names, location_fields = _locations(articles, overrides, used)
    fields.update(location_fields)
    warnings = tuple(
        f"{overrides.path}: {section}: '{reference}' names no actor or place on the site; check the spelling or remove it"
        for section, reference in overrides.references() if (section, reference) not in used
    )
    return Resolution(actor_ids, location_ids, actor_names, location_names, fields, tuple(sorted(set(notes))), warnings)


def _locations(articles: list[Article], overrides: Overrides, used: set[tuple[str, str]]):
    """Places keep their gazetteer ids; the editor may merge, rename, set the kind of or hide them."""
    keys: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        for location in article.locations:
            keys[location.id] |= {location.id, ref_key(location.name), *(ref_key(a) for a in location.aliases)} - {""}

    def matching(section: str, reference: str) -> list[str]:
        key = ref_key(reference)
        found = sorted(lid for lid, ks in keys.items() if key in ks)
        if found:
            used.add((section, reference))
        return found

    target = {lid: lid for lid in keys}
    for group in overrides.merge:
        matched = [lid for reference in group for lid in matching("merge", reference)]
        for lid in matched[1:]:
            target[lid] = target[matched[0]]
    for reference in overrides.hide:
        for lid in matching("hide", reference):
            target[lid] = None
    names = {}
    for reference, name in overrides.rename:
        for lid in matching("rename", reference):
            if target[lid]:
                names[target[lid]] = name
    fields = {}
    for reference, settings in overrides.set:
        for lid in matching("set", reference):
            if target[lid]:
                fields[target[lid]] = {k: v for k, v in settings if k == "kind"}
    ids = {article.source.path: {l.id: target[l.id] for l in article.locations} for article in articles}
    return ids, names, fields


def _facilities_named_as_people(articles: list[Article], records: list[_Record]) -> None:
    """ "checked into Rowan Hale", "treated at Rowan Hale": a name the tagger calls a person but the
    site's articles mostly write as a place one goes to, when one organisation on the site is that
    name and one word more ("Rowan Hale Clinic"), is that organisation: its records join it (in
    place, before the name rules run). A person of that name written as people are ("Rowan Hale
    said") keeps the name, since most of its mentions are not of that kind."""
    longer: dict[tuple[str, ...], Counter] = defaultdict(Counter)  # name → organisations named it and one word more
    for record in records:
        if record.kind in ORG_KINDS and len(record.tokens) >= 2:
            longer[record.tokens[:-1]][record.tokens] += 1
    placed: Counter = Counter()
    total: Counter = Counter()
    for article in articles:  # the mentions of those names only: this runs on every build
        text = article.source.text
        for actor in article.actors:
            key = name_tokens(actor.name, "person") if actor.kind == "person" else None
            if key not in longer:
                continue
            for mention in actor.mentions:
                total[key] += 1
                placed[key] += _PLACE_WORD_BEFORE.search(text, max(0, mention.start - 12), mention.start) is not None
    for n, record in enumerate(records):
        key = record.tokens
        if record.kind != "person" or key not in longer or not 2 * placed[key] >= total[key] >= 2:
            continue
        # "Rowan Hale Clinic" in one article, "Rowan Hale Center" in most: the one most articles write.
        (facility, most), *others = sorted(longer[key].items(), key=lambda item: (-item[1], item[0]))
        if most > sum(count for _, count in others):
            records[n] = dataclasses.replace(record, kind="organisation", tokens=facility)


def _written_as_acronym(records: list[_Record], members: list[int], word: str) -> bool:
    """Every way the articles write this one-word name is in capitals, two to six letters."""
    return 2 <= len(word) <= 6 and all(records[i].name.replace(".", "").isupper() for i in members)


def _groups(clusters: _Clusters) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(clusters.records)):
        groups[clusters.find(i)].append(i)
    return groups


def _by_context(records: list[_Record], members: dict[int, list[int]], i: int, candidates: list[int]) -> int | None:
    """The candidate whose articles share most entities with record i's article; None on a tie or nothing shared."""
    own = records[i].context - {f"person:{records[i].tokens[0]}"}
    scores = []
    for candidate in candidates:
        shared = set()
        for j in members[candidate]:
            if records[j].path == records[i].path:
                continue
            shared |= own & records[j].context
        scores.append((len(shared), candidate))
    scores.sort(reverse=True)
    if scores[0][0] == 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][1]


def display_name(names: Counter, kind: str = "person") -> str:
    """Name → mentions: a person's fullest name ("Alden Thorne", not "Thorne"); an organisation's
    most used one ("NATO", as news writes it); then the most mentioned, then alphabetical order."""
    if kind in ORG_KINDS:
        return min(names, key=lambda n: (-names[n], -len(n.split()), n))
    return min(names, key=lambda n: (-len(n.split()), -names[n], n))


def _display(records: list[_Record], members: list[int]) -> str:
    names: Counter = Counter()
    kinds: Counter = Counter()
    for j in members:
        names[records[j].name] += records[j].weight
        kinds[records[j].kind] += records[j].weight
    return display_name(names, min(kinds, key=lambda k: (-kinds[k], k)))


def _site_ids(records: list[_Record], clusters: _Clusters, renames: dict, settings: dict, hidden: set):
    """Site id per record (None: hidden), the shown name and the editor's fields per site id."""
    groups = _groups(clusters)
    # The site id is the slug of the fullest, most frequent name; two entities whose names
    # slug alike (a person and a state called "Jordan") are told apart by a hash of the second's key.
    named = []
    for root, members in groups.items():
        kinds = Counter(records[i].kind for i in members)
        display = _display(records, members)
        local_ids = Counter(records[i].local_id for i in members if records[i].name == display)
        base = max(local_ids, key=lambda x: (local_ids[x], x)) if local_ids else slug(display)
        first = min((records[i].path, records[i].local_id) for i in members)
        named.append((base, -len(members), first, kinds.most_common(1)[0][0], members))
    named.sort(key=lambda item: (item[0], item[1], item[2]))
    taken: set[str] = set()
    out: dict[str, dict[str, str | None]] = defaultdict(dict)
    names: dict[str, str] = {}
    fields: dict[str, dict[str, str]] = {}
    for base, _, first, kind, members in named:
        site_id = base
        if site_id in taken:
            site_id = f"{base}-{short_hash(kind + ':' + '/'.join(first))}"
        taken.add(site_id)
        keys = {site_id}.union(*(records[i].keys for i in members))
        if keys & hidden:
            site_id = None
        else:
            names[site_id] = next((renames[k] for k in sorted(keys) if k in renames), _display(records, members))
            chosen = [settings[k] for k in sorted(keys) if k in settings]
            if chosen:
                fields[site_id] = {k: v for c in chosen for k, v in c.items()}
        for i in members:
            out[records[i].path][records[i].local_id] = site_id
    return dict(out), names, fields
