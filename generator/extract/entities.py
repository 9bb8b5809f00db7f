"""From spaCy's named entities to the article's actors and locations.

Raw NER is only the first guess. This module:

* cleans spans (leading "the", possessive "'s", honorifics and titles are not
  part of names) and keeps the title as the person's role;
* corrects labels with the gazetteer (a city tagged PERSON, a region tagged
  PRODUCT) and joins multi-word places ("Washington, D.C.", "the Tolmere region");
* decides whether a country is acting (a state actor) or a place;
* clusters a person's mentions within the article ("Sir Alden Thorne",
  "Sir Alden", "the Prime Minister") and an organisation's acronym and expansion;
* applies document-level consistency: every occurrence of a known name is a
  mention, also in the headline, where capitalisation misleads the tagger.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from generator.extract import lexicon, sports
from generator.extract.coref import resolve_coreference
from generator.extract.pronouns import resolve_pronouns
from generator.extract.places import HEADLINE_MIN_POPULATION, PERSON_AS_PLACE_MIN_POPULATION, choose
from generator.gazetteer import REGION_WORDS, Gazetteer, Place, fold
from generator.model import Actor, Location, Mention
from generator.slugs import slug

# A plural proper noun: the shape of a team's nickname ("Kestrels"; not "Congress").
_NICKNAME_WORD = re.compile(r"[A-Z][a-z]{2,}[^s\W]s")
_IN_PLACE_BEFORE = re.compile(r"\b(?:in|near|outside|across|around)\s+$", re.IGNORECASE)
# A town abroad this big is more likely the place meant than a firm named after it.
SHORT_NAME_MAX_POPULATION = 100_000
NER_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART")
SUBJECT_DEPS = ("nsubj", "nsubjpass")
_POSSESSIVE = ("'s", "’s", "'", "’")
_TRIM_CHARS = " \t\n\"“”‘’'`.,;:!?()[]{}-–—"


@dataclass(frozen=True)
class Segment:
    """A processed piece of the article: a spaCy Doc whose char 0 is file offset `offset`."""

    doc: object
    offset: int
    kind: str  # "headline" (only one written in sentence case) | "standfirst" | "body"

    @cached_property
    def text(self) -> str:
        """The doc's text, built once: spaCy's `Doc.text` joins every token on each call."""
        return self.doc.text


@dataclass
class PersonCluster:
    names: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, name text)
    aliases: set[str] = field(default_factory=set)
    role: str | None = None
    affiliation: str | None = None
    honorifics: set[str] = field(default_factory=set)
    references: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min(s for s, _, _ in self.names)

    @property
    def name(self) -> str:
        # The fullest form, first written wins a tie.
        return max(self.names, key=lambda n: (len(n[2].split()), len(n[2]), -n[0]))[2]


@dataclass
class Found:
    """Everything collected for one article, before it becomes Actors and Locations."""

    persons: list[PersonCluster] = field(default_factory=list)
    orgs: dict[str, dict] = field(default_factory=dict)  # key -> {name, kind, mentions, aliases}
    places: dict[str, dict] = field(default_factory=dict)  # place key -> {place, mentions, aliases}
    states: dict[str, list[Mention]] = field(default_factory=lambda: defaultdict(list))  # country code -> mentions
    claimed: list[tuple[int, int]] = field(default_factory=list)

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.claimed)

    def claim(self, start: int, end: int) -> None:
        self.claimed.append((start, end))


class EntityBuilder:
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    # -- the whole article -------------------------------------------------

    def build(self, text: str, segments: list[Segment], headline: tuple[int, int]) -> tuple[list[Actor], list[Location]]:
        found = Found()
        countries = self._article_countries(segments)
        raw = [(seg, ent) for seg in segments for ent in seg.doc.ents if ent.label_ in NER_LABELS]
        person_tokens = self._person_name_tokens(raw)
        self._votes = _label_votes(raw)
        self._surnames = self._person_surnames(raw)
        self._person_words = {t.text for _, ent in raw if ent.label_ == "PERSON" for t in ent if t.text[:1].isupper()}
        self._given_names = {
            ent[0].text for _, ent in raw if ent.label_ == "PERSON" and len(ent) > 1 and ent[0].text[:1].isupper()
            and ent[0].lower_ not in lexicon.HONORIFICS and not _is_title_token(ent[0])
            and not _disease_word_after(ent.doc, ent.end - 1)  # "Ashvale Reston virus" is no one
        }

        # Sports results: a town beside a score is the club named after it, everywhere in the article.
        self._teams: set[str] = set()
        for seg in segments:
            lines = sports.results_lines(seg.doc, seg.text)
            teams, nations = sports.team_names(lines, seg.text, self._club_place, self._national_side, _initialled)
            for t_start, t_end, t_text in teams:
                self._teams.add(fold(t_text))
                words = [w.lower() for w in t_text.split()]
                self._add_org(found, t_text, words, seg.offset + t_start, seg.offset + t_end, text)
            for chunk in sports.listed_people(seg.doc, lines, self._national_side):
                c_start = seg.offset + chunk[0].idx
                c_end = seg.offset + chunk[-1].idx + len(chunk[-1].text)
                self._add_person(seg, chunk, [], c_start, c_end, text[c_start:c_end], found)
            for n_start, n_end, n_text in nations:
                place = choose(self.gazetteer.candidates(n_text.title() if n_text.isupper() else n_text), countries)
                if place is not None:
                    self._add_place(found, place, seg.offset + n_start, seg.offset + n_end, n_text, None, None)

        # "the Ashford Kestrels ... Ashford won": a town in a club's name is the club when not written as a place.
        towns: dict[str, set[str]] = defaultdict(set)
        for seg in segments:
            for c_start, c_end, club, town in sports.town_clubs(seg.doc, self._own_town_name):
                nickname = club[len(town):].strip()
                if len(re.findall(rf"\b{re.escape(nickname)}\b", text)) <= text.count(club):
                    continue  # a club is called by its nickname alone too; "Ashford Mills" may be a firm
                self._add_org(found, club, club.lower().split(), seg.offset + c_start, seg.offset + c_end, text)
                towns[fold(town)].add(fold(club))
                towns[fold(nickname)].add(fold(club))  # the nickname alone ("Kestrels")
        self._club_towns = {town: next(iter(clubs)) for town, clubs in towns.items() if len(clubs) == 1}

        for seg in segments:
            self._datelines(text, seg, found, countries)

        consumed: set[int] = set()  # ids of ents merged into a neighbour ("D.C." of "Washington, D.C.")
        for seg, ent in raw:
            if id(ent) in consumed:
                continue
            self._take(text, seg, ent, found, countries, person_tokens, consumed)

        self._resolve_references(text, segments, found)
        self._consistency(text, segments, found, headline, countries)
        self._short_names_of_organisations(text, found, countries)
        resolve_pronouns(text, segments, found.persons)
        resolve_coreference(text, segments, found)
        return self._finish(text, found)

    def _article_countries(self, segments: list[Segment]) -> frozenset[str]:
        codes = set()
        for seg in segments:
            for ent in seg.doc.ents:
                if ent.label_ in ("GPE", "NORP", "LOC"):
                    text = _clean_text(ent.text)
                    cands = self.gazetteer.candidates(text)
                    if cands and cands[0].kind == "country":
                        codes.add(cands[0].country)
                    elif ent.label_ == "NORP":
                        code = self.gazetteer.demonym_country(text)
                        if code:
                            codes.add(code)
        return frozenset(codes)

    @staticmethod
    def _person_name_tokens(raw) -> set[str]:
        """Tokens of multi-word PERSON names: evidence that a bare "Washington" may be a person."""
        out = set()
        for _, ent in raw:
            if ent.label_ == "PERSON":
                words = [t.text for t in ent if t.text[:1].isupper() and t.lower_ not in lexicon.HONORIFICS and t.lower_ not in lexicon.ROLE_HEADS]
                if len(words) >= 2:
                    out.update(words)
        return out

    def _person_surnames(self, raw) -> set[str]:
        """Last names of the article's full-name people: "Quennell" alone is that person, not an organisation."""
        out = set()
        for _, ent in raw:
            if ent.label_ != "PERSON":
                continue
            words = [t for t in ent if t.text[:1].isupper() and not _is_title_token(t) and t.text not in _POSSESSIVE]
            if len(words) >= 2 and not self._known_place(" ".join(w.text for w in words)):
                # ("Port Tolmere" tagged a person is a town, and "Tolmere" alone not its surname.)
                last = words[-1].text
                cands = self.gazetteer.candidates(last)
                if not (cands and cands[0].kind in ("country", "continent")):
                    out.add(last)
        return out

    # -- one entity span -----------------------------------------------------

    def _take(self, text, seg, ent, found: Found, countries, person_tokens, consumed) -> None:
        doc = seg.doc
        tokens = list(ent)
        label = ent.label_
        prefix: list = []  # honorific/title tokens stripped from the front of the span
        while tokens and (tokens[0].lower_ in ("the", "a", "an") or tokens[0].is_punct):
            tokens.pop(0)
        if label == "PERSON":
            while tokens and _is_title_token(tokens[0]) and len(tokens) > 1:
                prefix.append(tokens.pop(0))
        # Score tables and datelines: "J. Arkwright 56", "Ruritania 2-1" end at the first number.
        for cut, tok in enumerate(tokens):
            if any(ch.isdigit() for ch in tok.text):
                tokens = tokens[:cut]
                break
        while tokens and (tokens[-1].text in _POSSESSIVE or tokens[-1].is_punct or tokens[-1].is_space):
            tokens.pop()
        if label == "ORG":
            # "the Example news agency": a name ends at its last capitalised word.
            while len(tokens) > 1 and tokens[-1].text[:1].islower():
                tokens.pop()
            if len(tokens) == 1 and tokens[0].is_stop:
                return  # "Next", "All": a capitalised function word
        if not tokens:
            return
        start = seg.offset + tokens[0].idx
        end = seg.offset + tokens[-1].idx + len(tokens[-1].text)
        name = text[start:end]
        if "\n" in name or not name[:1].isalnum():
            return
        words = [t.lower_ for t in tokens]

        if self._teams and fold(name) in self._teams and not _after_locative(doc, tokens[0].i):
            self._add_org(found, name, words, start, end, text)
            return
        club = self._club_towns.get(fold(name))
        if club is not None and label != "NORP" and not _written_as_place(doc, tokens[0].i):
            self._add_org(found, name, words, start, end, text, key=club)
            return
        label = self._voted_label(name, label)
        if seg.kind == "headline" and not self._headline_worthy(label, tokens, name, countries, person_tokens):
            return

        if label == "PERSON":
            lone_surname = (
                len(tokens) == 1 and tokens[0].lower_ in lexicon.ROLE_HEADS and tokens[0].text[:1].isupper()
                and not tokens[0].is_sent_start and tokens[0].i > 0 and doc[tokens[0].i - 1].lower_ not in ("the", "a", "an")
            )
            if all(w in lexicon.FRAGMENT_WORDS for w in words) and not lone_surname:
                return
            if len(tokens) == 1 and self.gazetteer.demonym_country(name) is not None:
                return  # "Welsh", "Russians": a demonym, not a person
            if (not prefix and not _preceded_by_title(doc, tokens[0].i) and not any(t.text in person_tokens for t in tokens if len(tokens) == 1)
                    and not _administration_after(doc, tokens[-1].i)):
                place = self._place_for_person_span(name, countries, _after_locative(doc, tokens[0].i))
                if place is not None:
                    self._add_place(found, place, start, end, name, doc, tokens)
                    return
            if not any(t.text[:1].isupper() for t in tokens):
                return
            given = None if prefix else self._given_name_before(doc, tokens)
            if given is not None:
                tokens = [given, *tokens]
                start = seg.offset + given.idx
                name = text[start:end]
            self._add_person(seg, tokens, prefix, start, end, name, found)
            return

        if label == "NORP":
            return  # demonyms are affiliations, not entities

        if len(tokens) == 1 and name in self._surnames:
            self._add_person(seg, tokens, prefix, start, end, name, found)
            return

        if label != "ORG" and _disease_word_after(doc, tokens[-1].i):
            return  # "Ashvale virus", "Dunmore fever": a disease named after a place
        if len(tokens) == 1 and self.gazetteer.demonym_country(name) is not None and not self.gazetteer.candidates(name):
            return  # "Angolan": a demonym is an affiliation, not a place
        if len(tokens) > 1 and tokens[-1].lower_ in REGION_WORDS and not self.gazetteer.candidates(name):
            # "Tolmere province" tagged as one name: read like "Tolmere" with its kind word after it,
            # when the gazetteer knows a region or town of the shorter name (a "Harlow State" it does
            # not know stays an organisation).
            shorter = text[start : seg.offset + tokens[-2].idx + len(tokens[-2].text)]
            if any(c.kind in ("region", "city") for c in self.gazetteer.candidates(shorter)):
                tokens, name = tokens[:-1], shorter
                end = start + len(name)
                words = words[:-1]
        place_word = _region_word_after(doc, tokens[-1].i)
        if label in ("GPE", "LOC", "FAC", "ORG", "PRODUCT", "EVENT", "WORK_OF_ART"):
            # "Washington, D.C.", "Paris, Texas": a qualifier after a comma.
            qualified = self._qualified_place(text, doc, seg, tokens, countries, consumed)
            if qualified is not None:
                place, container, q_start, q_end, q_text = qualified
                if q_text.replace(".", "").isupper() and container.kind != "country":
                    # "Washington, D.C.": the abbreviation is part of the place's name.
                    self._add_place(found, place, start, q_end, text[start:q_end], doc, tokens)
                else:
                    # "Dresden, Germany": two places, the second one containing the first.
                    self._add_place(found, place, start, end, name, doc, tokens)
                    self._add_place(found, container, q_start, q_end, q_text, None, None)
                return
            if place_word is not None:
                r_end = seg.offset + place_word.idx + len(place_word.text)
                # "X province", "the X region": a region of that name first, else the city's region.
                region = choose([c for c in self.gazetteer.candidates(name) if c.kind == "region"], countries)
                if region is not None and region.lat is not None:
                    region = self.gazetteer.region_named(region, place_word.text)
                    self._add_place(found, region, start, r_end, text[start:r_end], doc, tokens)
                    return
                cands = [c for c in self.gazetteer.candidates(name) if c.kind == "city"]
                city = choose(cands, countries, name=name)
                if city is not None:
                    region = self.gazetteer.region_of(city, place_word.text)
                    r_end = seg.offset + place_word.idx + len(place_word.text)
                    self._add_place(found, region, start, r_end, text[start:r_end], doc, tokens)
                    return
            locative = _after_locative(doc, tokens[0].i)
            place = self._resolve(name, countries, allow_small=label in ("GPE", "LOC") or locative)
            # An organisation-tagged name is a place when it is a country, or written as one ("in Tolmere").
            if place is not None and not (label == "ORG" and place.kind not in ("country", "continent") and not locative):
                self._add_place(found, place, start, end, name, doc, tokens)
                return
        if label in ("GPE", "LOC", "FAC"):
            if self._names_someone(tokens):
                self._add_person(seg, tokens, prefix, start, end, name, found)
                return
            if name[:1].isupper():
                key = "other:" + fold(name)
                pseudo = Place(key=key, name=name, kind="other", country=None, lat=None, lon=None)
                self._add_place(found, pseudo, start, end, name, doc, tokens)
            return
        if label == "ORG":
            self._add_org(found, name, words, start, end, text)

    def _datelines(self, text: str, seg, found: Found, countries) -> None:
        """Agency datelines: a line that is a place in capitals and a date ("ASHFORD 2026-03-02",
        "ASHFORD , Utopia 2026-03-02"); the place is where the story was filed, whatever its size."""
        for match in _DATELINE.finditer(seg.text):
            name, qualifier = match.group(1), match.group(2)
            cands = self.gazetteer.candidates(name.title())
            container = None
            if qualifier:
                containers = [c for c in self.gazetteer.qualifier_candidates(qualifier) if c.kind in ("region", "country")]
                container = containers[0] if containers else None
            place = choose(cands, countries, within=container, name=name.title()) if container else None
            place = place or choose(cands, countries, name=name.title())
            if place is None:
                continue
            start = seg.offset + match.start(1)
            self._add_place(found, place, start, start + len(name), name, None, None)
            if container is not None and qualifier:
                q_start = seg.offset + match.start(2)
                self._add_place(found, container, q_start, q_start + len(qualifier), qualifier, None, None)

    def _headline_worthy(self, label: str, tokens, name: str, countries, person_tokens) -> bool:
        """Headlines are terse and capitalise their first word: there the tagger's people must have a
        full name (or a part of one the article gives), and its places be countries, continents or
        big cities. Whatever else the body also names is found there and then in the headline."""
        if label == "PERSON":
            return len(tokens) > 1 or tokens[0].text in person_tokens
        if label in ("GPE", "LOC", "FAC"):
            place = choose(self.gazetteer.candidates(name), countries, name=name)
            return place is not None and (
                place.kind in ("country", "continent") or place.population >= HEADLINE_MIN_POPULATION
            )
        return True

    def _voted_label(self, name: str, label: str) -> str:
        """Document-level consistency: a name the tagger calls an organisation more often than a
        person (or the reverse) in this article takes that label everywhere."""
        votes = self._votes.get(fold(name))
        if not votes or label not in ("PERSON", "ORG"):
            return label
        other = "ORG" if label == "PERSON" else "PERSON"
        return other if votes.get(other, 0) > votes.get(label, 0) else label

    def _known_place(self, name: str) -> bool:
        """A city of 5,000 people or more (the gazetteer's towns), a region or a country of that very name."""
        return any(fold(c.name) == fold(name) for c in self.gazetteer.candidates(name))

    def _names_someone(self, tokens) -> bool:
        """A name the gazetteer does not know, tagged a place, that is a person of the article: the first
        name of one of its full names ("Mara" of "Mara Quill"), or words ending with a name the
        tagger gives a person ("Mo Quill" where "Quill" is one)."""
        if len(tokens) == 1:
            return tokens[0].text in self._given_names
        return tokens[-1].text in self._person_words and all(t.text[:1].isupper() and t.is_alpha for t in tokens)

    def _own_town_name(self, name: str) -> bool:
        """A town or region of that very name (not one of its alternate names, which are often first names)."""
        cands = self.gazetteer.candidates(name)
        return bool(cands) and cands[0].kind in ("city", "region") and fold(cands[0].name) == fold(name)

    def _club_place(self, name: str) -> bool:
        cands = self.gazetteer.candidates(name)
        return bool(cands) and cands[0].kind in ("city", "region")

    def _national_side(self, name: str) -> bool:
        return self.gazetteer.is_nation(name)

    def _place_for_person_span(self, name: str, countries, locative: bool = False) -> Place | None:
        place = choose(self.gazetteer.candidates(name), countries, name=name)
        if place is None:
            return None
        if place.kind in ("country", "continent") or (locative and place.kind in ("city", "region")):
            return place
        # A big city, called by its own name or in a country the article names: a surname is often
        # some big town's former or foreign name, listed among its alternate names.
        if place.kind == "city" and place.population >= PERSON_AS_PLACE_MIN_POPULATION and (
            fold(place.name) == fold(name) or place.country in countries
        ):
            return place
        # "Ruritania's Tolmere": a first-level region of a country the article names.
        if place.kind == "region" and place.key.startswith("admin1:") and place.country in countries:
            return place
        return None

    def _resolve(self, name: str, countries, allow_small: bool) -> Place | None:
        place = choose(self.gazetteer.candidates(name), countries, name=name)
        if place is None:
            return None
        if not allow_small and place.kind == "city" and place.population < PERSON_AS_PLACE_MIN_POPULATION:
            return None
        return place

    def _qualified_place(self, text, doc, seg, tokens, countries, consumed):
        end_tok = tokens[-1].i
        if end_tok + 2 >= len(doc) or doc[end_tok + 1].text != ",":
            return None
        qualifier_start = end_tok + 2
        q_ent = next((e for e in doc.ents if e.start == qualifier_start), None)
        if q_ent is not None:
            q_tokens = list(q_ent)
        else:
            q_tokens = [doc[qualifier_start]]
            # "D.C." may be tokenised as "D.C" + "."
            if qualifier_start + 1 < len(doc) and doc[qualifier_start + 1].text == "." and doc[qualifier_start].text.count(".") >= 1:
                q_tokens.append(doc[qualifier_start + 1])
        while q_tokens and q_tokens[-1].text in _POSSESSIVE:
            q_tokens.pop()
        if not q_tokens or not q_tokens[0].text[:1].isupper():
            return None
        q_text = text[seg.offset + q_tokens[0].idx : seg.offset + q_tokens[-1].idx + len(q_tokens[-1].text)]
        containers = [c for c in self.gazetteer.qualifier_candidates(q_text) if c.kind in ("region", "country")]
        name = text[seg.offset + tokens[0].idx : seg.offset + tokens[-1].idx + len(tokens[-1].text)]
        if self.gazetteer.is_nation(name):
            return None  # "Utopia, Erewhon, Arcadia": a country is never inside another
        after = q_tokens[-1].i + 1
        listed = after < len(doc) and (
            doc[after].lower_ in ("and", "or")
            or (doc[after].text == "," and after + 1 < len(doc) and doc[after + 1].text[:1].isupper())
        )
        if listed:
            # "in A, B, C and D" is a list of places, not a qualified one;
            # "Town, State, Country" is a chain of containers.
            n_ent = next((e for e in doc.ents if e.start == after + 1), None)
            n_text = n_ent.text if n_ent is not None else (doc[after + 1].text if after + 1 < len(doc) else "")
            n_cands = self.gazetteer.qualifier_candidates(_clean_text(n_text))
            chain_countries = {c.country for c in n_cands[:1] if c.kind == "country"}
            containers = [c for c in containers if c.country in chain_countries and c.kind != "country"]
        for container in containers:
            place = choose(self.gazetteer.candidates(name), countries, within=container, name=name)
            if place is not None:
                if q_ent is not None:
                    consumed.add(id(q_ent))
                q_start = seg.offset + q_tokens[0].idx
                q_end = seg.offset + q_tokens[-1].idx + len(q_tokens[-1].text)
                return place, container, q_start, q_end, q_text
        return None

    # -- adding to the article ------------------------------------------------

    def _add_place(self, found: Found, place: Place, start: int, end: int, surface: str, doc, tokens) -> None:
        if found.overlaps(start, end):
            return
        found.claim(start, end)
        entry = found.places.setdefault(place.key, {"place": place, "mentions": [], "aliases": set()})
        entry["mentions"].append(Mention(start, end, surface))
        entry["aliases"].add(surface)
        if place.kind == "country" and doc is not None and _acts(tokens):
            found.states[place.country].append(Mention(start, end, surface))

    def _add_org(self, found: Found, name: str, words: list[str], start: int, end: int, text: str,
                 key: str | None = None) -> None:
        """`key`: the organisation this name stands for, when not the name itself (a club's town)."""
        # "Defence", "State": a lone title word is a fragment; "Foreign Office", "U.N." are not.
        if len(words) == 1 and (words[0] in lexicon.FRAGMENT_WORDS or not any(ch.isalpha() for ch in words[0])):
            return
        if not name[:1].isupper() or len(name) < 2:
            return
        if found.overlaps(start, end):
            return
        kind = "group" if words[-1] in lexicon.GROUP_HEADS else "organisation"
        key = key or fold(name)
        # "North Atlantic Treaty Organization (NATO)": the acronym joins its expansion.
        after = re.match(r"\s*\(([A-Z][A-Za-z&.]{1,9})\)", text[end : end + 14])
        acronym = after.group(1) if after and _is_acronym_of(after.group(1), name) else None
        target = None
        for k, entry in found.orgs.items():
            if key == k or key in entry["keys"]:
                target = entry
                break
            if name.isupper() and _is_acronym_of(name, entry["name"]):
                target = entry
                break
        if target is None:
            target = found.orgs.setdefault(key, {"name": name, "kind": kind, "mentions": [], "aliases": set(), "keys": {key}})
        target["mentions"].append(Mention(start, end, name))
        target["aliases"].add(name)
        found.claim(start, end)
        if acronym:
            target["keys"].add(fold(acronym))
            target["aliases"].add(acronym)
            a_start = end + after.start(1)
            a_end = a_start + len(acronym)
            target["mentions"].append(Mention(a_start, a_end, acronym))
            found.claim(a_start, a_end)

    def _add_person(self, seg: Segment, tokens, prefix, start, end, name, found: Found) -> None:
        if found.overlaps(start, end):
            return
        doc = seg.doc
        title_tokens = prefix or _title_before(doc, tokens[0].i)
        honorifics = [t.lower_.rstrip(".") for t in title_tokens if t.lower_.rstrip(".") in lexicon.HONORIFICS]
        role, affiliation = self._role_from(title_tokens)
        surface = name
        if title_tokens:  # the name as written with its title: an alias ("President Vessant")
            surface = " ".join(seg.text[title_tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)].split())
        found.claim(start, end)
        cluster = self._find_person(found, name, honorifics)
        if cluster is None:
            cluster = PersonCluster()
            found.persons.append(cluster)
        cluster.names.append((start, end, name))
        cluster.aliases.update({name, surface})
        cluster.honorifics.update(honorifics)
        if role and not cluster.role:
            cluster.role = role
        if affiliation and not cluster.affiliation:
            cluster.affiliation = affiliation

    def _given_name_before(self, doc, tokens):
        """ "Ta'Leah Rose Quill": the tagger leaves a first name written with an apostrophe out of
        the span it tags. Such a word right before a two-word name, in no entity and not after a
        proper noun, that is no demonym or place, is the name's start (no title, stop word or
        calendar word has that shape). Only that shape: capitalised words before names are mostly
        titles the lexicon does not list ("Actor", "Englishman"), which would make a second person."""
        i = tokens[0].i - 1
        if len(tokens) != 2 or i < 0:
            return None
        word = doc[i]
        if (word.tag_ != "NNP" or word.ent_type_ or not re.fullmatch(r"[A-Z][a-z]*['’][A-Za-z][a-z]+", word.text)
                or self.gazetteer.demonym_country(word.text) or self.gazetteer.candidates(word.text)):
            return None
        if i > 0 and doc[i - 1].tag_ in ("NNP", "NNPS"):
            return None
        return word

    def _find_person(self, found: Found, name: str, honorifics: list[str]) -> PersonCluster | None:
        key = fold(name)
        parts = key.split()
        for cluster in found.persons:
            if any(fold(n) == key for _, _, n in cluster.names):
                return cluster
        if len(parts) == 1:
            # A surname alone joins the one full name that ends with it.
            by_surname = [c for c in found.persons if len(fold(c.name).split()) > 1 and fold(c.name).split()[-1] == key]
            if len(by_surname) == 1:
                return by_surname[0]
            by_given = [c for c in found.persons if len(fold(c.name).split()) > 1 and fold(c.name).split()[0] == key]
            if len(by_given) == 1 and (set(honorifics) & lexicon.GIVEN_NAME_HONORIFICS or not by_surname):
                return by_given[0]
        else:
            # A full name absorbs a cluster that so far had only its surname.
            for cluster in found.persons:
                names = {fold(n) for _, _, n in cluster.names}
                if names == {parts[-1]} or (names == {parts[0]} and cluster.honorifics & lexicon.GIVEN_NAME_HONORIFICS):
                    return cluster
        return None

    def _role_from(self, title_tokens) -> tuple[str | None, str | None]:
        """("U.S." "Secretary" "of" "State") → ("Secretary of State", "United States")."""
        words = [t for t in title_tokens if t.lower_.rstrip(".") not in lexicon.HONORIFICS]
        if not any(t.lower_ in lexicon.ROLE_HEADS for t in words):
            return None, None
        affiliation = None
        while words and words[0].lower_ not in lexicon.ROLE_MODIFIERS | lexicon.ROLE_HEADS and (
            words[0].ent_type_ in ("GPE", "NORP", "ORG") or self._country_word(words[0].text)
        ):
            affiliation_tokens = [words.pop(0)]
            while words and words[0].ent_iob_ == "I" and words[0].ent_type_ in ("GPE", "NORP", "ORG"):
                affiliation_tokens.append(words.pop(0))
            text = "".join(t.text_with_ws for t in affiliation_tokens).strip()
            affiliation = self._affiliation_name(text)
        while words and words[0].lower_ in ("of", "and", "the"):
            words.pop(0)
        if not words:
            return None, affiliation
        role = "".join(t.text_with_ws for t in words).strip()
        return (" ".join(role.split()) or None), affiliation

    def _country_word(self, word: str) -> bool:
        cands = self.gazetteer.candidates(word)
        return bool(cands and cands[0].kind == "country") or self.gazetteer.demonym_country(word) is not None

    def _affiliation_name(self, text: str) -> str:
        cands = self.gazetteer.candidates(text)
        if cands and cands[0].kind == "country":
            return cands[0].name
        code = self.gazetteer.demonym_country(text)
        if code and self.gazetteer.country(code):
            return self.gazetteer.country(code).name
        return text

    # -- "the Prime Minister" ----------------------------------------------------

    def _resolve_references(self, text: str, segments: list[Segment], found: Found) -> None:
        """Unnamed role references join the person who holds that role in the article."""
        refs = []
        for seg in segments:
            doc = seg.doc
            for tok in doc:
                if tok.lower_ not in lexicon.ROLE_HEADS or not tok.text[:1].isupper():
                    continue
                nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
                if nxt is not None and (nxt.ent_type_ == "PERSON" or nxt.lower_.rstrip(".") in lexicon.HONORIFICS or nxt.lower_ in lexicon.ROLE_HEADS or nxt.text in ("of", "-")):
                    continue  # a title before a name, or part of a longer title
                i = tok.i
                while i - 1 >= 0 and doc[i - 1].text[:1].isupper() and doc[i - 1].lower_ in lexicon.ROLE_MODIFIERS | lexicon.ROLE_HEADS:
                    i -= 1
                if i - 1 < 0 or doc[i - 1].lower_ != "the":
                    continue
                start = seg.offset + doc[i - 1].idx
                end = seg.offset + tok.idx + len(tok.text)
                if found.overlaps(start, end):
                    continue
                role = " ".join(doc[i : tok.i + 1].text.split())
                refs.append((start, end, role))
        refs.sort()
        for start, end, role in refs:
            holders = [c for c in found.persons if c.role and fold(c.role) == fold(role)]
            if len(holders) > 1:
                continue
            holder = holders[0] if holders else None
            if holder is None:
                earlier = [(max((s for s, _, _ in c.names if s < start), default=-1), c) for c in found.persons if not c.role]
                earlier = [(s, c) for s, c in earlier if s >= 0 and start - s < 1500]
                if not earlier:
                    continue
                holder = max(earlier, key=lambda item: item[0])[1]
                holder.role = role
            holder.references.append(Mention(start, end, text[start:end]))
            holder.aliases.add(text[start:end])

    # -- every occurrence of a known name ------------------------------------------

    def _consistency(self, text: str, segments: list[Segment], found: Found, headline: tuple[int, int], countries) -> None:
        surfaces: dict[str, tuple[str, object]] = {}
        for cluster in found.persons:
            for _, _, name in cluster.names:
                surfaces.setdefault(name, ("person", cluster))
        for entry in found.orgs.values():
            for mention in entry["mentions"]:
                surfaces.setdefault(mention.text, ("org", entry))
        for entry in found.places.values():
            for mention in entry["mentions"]:
                surfaces.setdefault(mention.text, ("place", entry))
        # "the Ashford Kestrels ... the Kestrels": a team's nickname alone, when one organisation is a
        # place and that word ("Brenmoor Industries" is no place, and "Industries" alone no firm).
        nicknames: dict[str, list[dict]] = defaultdict(list)
        for entry in found.orgs.values():
            words = entry["name"].split()
            if len(words) > 1 and _NICKNAME_WORD.fullmatch(words[-1]) and self.gazetteer.candidates(" ".join(words[:-1])):
                nicknames[words[-1]].append(entry)
        for word, entries in nicknames.items():
            if len(entries) == 1 and word not in surfaces:
                surfaces[word] = ("org", entries[0])
                entries[0].setdefault("short", set()).add(word)  # the page keeps the full name
        for cluster in found.persons:
            parts = cluster.name.split()
            if len(parts) >= 2 and parts[-1] in self._surnames:
                surfaces.setdefault(parts[-1], ("person", cluster))
        # Capitals mislead the tagger in headlines and all-caps datelines ("BELGRADE 1996-08-30").
        spans = [
            (seg.offset, seg.offset + len(seg.text), seg.kind == "standfirst" and _mostly_upper(seg.text))
            for seg in segments
        ]
        spans.append((headline[0], headline[1], True))
        for s_start, s_end, case_blind in spans:
            for match in _scan(text, s_start, s_end, surfaces, case_blind):
                start, end, surface = match
                if found.overlaps(start, end):
                    continue
                kind, target = surfaces[surface]
                written = text[start:end]
                found.claim(start, end)
                if kind == "person":
                    target.names.append((start, end, written if not case_blind else surface))
                    target.aliases.add(written if not case_blind else surface)
                    if case_blind:
                        target.names[-1] = (start, end, surface)
                else:
                    target["mentions"].append(Mention(start, end, written))
            if case_blind:
                is_headline = (s_start, s_end) == headline
                self._headline_places(text, s_start, s_end, found, countries, HEADLINE_MIN_POPULATION if is_headline else PERSON_AS_PLACE_MIN_POPULATION)

    def _short_names_of_organisations(self, text: str, found: Found, countries) -> None:
        """ "checked into Rowan Recovery ... staff at Rowan said": a one-word name that begins exactly
        one organisation of the article is that organisation written short, when the tagger made it
        a person with no other name, a place the gazetteer does not know, or a small town in a
        country the article does not name (a city it may be about keeps its page, and so does a
        town written "in Rowan" or in a dateline's capitals)."""
        by_first_word: dict[str, list[dict]] = defaultdict(list)
        for entry in found.orgs.values():
            words = entry["name"].split()
            if len(words) > 1:
                by_first_word[fold(words[0])].append(entry)

        def organisation(names: set[str]) -> dict | None:
            if len(names) != 1:
                return None
            organisations = by_first_word.get(next(iter(names)), [])
            return organisations[0] if len(organisations) == 1 else None

        def join(target: dict, mentions: list[Mention]) -> None:
            target["mentions"].extend(mentions)
            target["aliases"].update(m.text for m in mentions)
            target.setdefault("short", set()).update(m.text for m in mentions)  # never the page's name

        for key, entry in list(found.places.items()):
            place: Place = entry["place"]
            if place.kind in ("country", "continent", "region") or (
                place.kind == "city" and (place.country in countries or place.population >= SHORT_NAME_MAX_POPULATION)
            ) or any(m.text.isupper() or _IN_PLACE_BEFORE.search(text, max(0, m.start - 12), m.start) for m in entry["mentions"]):
                continue
            target = organisation({fold(m.text) for m in entry["mentions"]})
            if target is not None:
                join(target, entry["mentions"])
                del found.places[key]
        for cluster in list(found.persons):
            target = organisation({fold(n) for _, _, n in cluster.names})
            # "Ada and Bram", "Ada (Addie) Quill": the tagger's organisation may be people.
            if (target is not None and not cluster.references and not re.search(r" and |[(&]", target["name"])
                    and not any(w in self._person_words for w in target["name"].split()[1:])):
                join(target, [Mention(start, end, name) for start, end, name in cluster.names])
                found.persons.remove(cluster)

    def _headline_places(self, text: str, start: int, end: int, found: Found, countries, min_population: int) -> None:
        """Countries, continents and big cities written in a headline, whatever its case."""
        for match in re.finditer(r"[A-Za-z][A-Za-z.'’-]*(?:\s+[A-Z][A-Za-z.'’-]*){0,2}", text[start:end]):
            words = match.group(0).split()
            for n in range(len(words), 0, -1):
                phrase = " ".join(words[:n])
                cands = self.gazetteer.candidates(phrase.title() if phrase.isupper() else phrase)
                place = choose(cands, countries)
                if place is None or not (place.kind in ("country", "continent") or place.population >= min_population):
                    continue
                m_start = start + match.start()
                m_end = m_start + len(phrase)
                if text[m_start:m_end] != phrase or found.overlaps(m_start, m_end):
                    continue
                self._add_place(found, place, m_start, m_end, phrase, None, None)
                break

    # -- the result -------------------------------------------------------------------

    def _finish(self, text: str, found: Found) -> tuple[list[Actor], list[Location]]:
        actors: list[Actor] = []
        for cluster in found.persons:
            name = cluster.name
            mentions = tuple(sorted({Mention(s, e, text[s:e]) for s, e, _ in cluster.names}))
            actor = Actor(
                id=slug(name), name=name, kind="person", role=cluster.role,
                aliases=tuple(sorted(a for a in cluster.aliases if a != name)),
                mentions=mentions, affiliation=cluster.affiliation,
                references=tuple(sorted(set(cluster.references))),
            )
            actors.append(actor)
        for entry in found.orgs.values():
            mentions = tuple(sorted(set(entry["mentions"])))
            counts = defaultdict(int)
            for m in mentions:
                if m.text not in entry.get("short", ()):
                    counts[m.text] += 1
            name = max(counts or {entry["name"]: 1}, key=lambda n: (counts[n], len(n), n))
            actors.append(Actor(
                id=slug(name), name=name, kind=entry["kind"], role=None,
                aliases=tuple(sorted(a for a in entry["aliases"] if a != name)), mentions=mentions,
                references=tuple(sorted(set(entry.get("references", ())))),
            ))
        for code, mentions in found.states.items():
            country = self.gazetteer.country(code)
            if country is None:
                continue
            ms = tuple(sorted(set(mentions)))
            actors.append(Actor(
                id=slug(country.name), name=country.name, kind="state", role=None,
                aliases=tuple(sorted({m.text for m in ms} - {country.name})), mentions=ms,
            ))
        locations: list[Location] = []
        for entry in found.places.values():
            place: Place = entry["place"]
            ms = tuple(sorted(set(entry["mentions"])))
            locations.append(Location(
                id=self.gazetteer.place_id(place), name=place.name, kind=place.kind, country=place.country,
                lat=place.lat, lon=place.lon, mentions=ms,
                aliases=tuple(sorted(a for a in entry["aliases"] if a != place.name)),
                country_name=self.gazetteer.country(place.country).name if self.gazetteer.country(place.country) else None,
            ))
        actors = _merge_same_id(actors)
        actors.sort(key=lambda a: (a.mentions[0].start if a.mentions else 0, a.id))
        locations.sort(key=lambda l: (l.mentions[0].start if l.mentions else 0, l.id))
        return actors, locations


def _merge_same_id(actors: list[Actor]) -> list[Actor]:
    """Two clusters that ended with the same canonical name are one actor."""
    by_id: dict[str, Actor] = {}
    for actor in actors:
        if actor.id not in by_id:
            by_id[actor.id] = actor
            continue
        first = by_id[actor.id]
        by_id[actor.id] = Actor(
            id=first.id, name=first.name, kind=first.kind, role=first.role or actor.role,
            aliases=tuple(sorted(set(first.aliases) | set(actor.aliases))),
            mentions=tuple(sorted(set(first.mentions) | set(actor.mentions))),
            affiliation=first.affiliation or actor.affiliation,
            references=tuple(sorted(set(first.references) | set(actor.references))),
        )
    return list(by_id.values())


def _label_votes(raw) -> dict[str, dict[str, int]]:
    """fold(name) -> {label: how many times the tagger gave it} over the article's entities."""
    votes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for _, ent in raw:
        votes[fold(_clean_text(ent.text))][ent.label_] += 1
    return votes


def _initialled(tokens) -> bool:
    """"K. Marlowe", "T.O'Dowd": a name written with an initial is a person's."""
    return any(re.match(r"^[A-Z]\.(?:[A-Z][a-z'].*)?$", t.text) for t in tokens)


def _is_title_token(tok) -> bool:
    word = tok.lower_.rstrip(".")
    return word in lexicon.HONORIFICS or tok.lower_ in lexicon.ROLE_HEADS


def _preceded_by_title(doc, index: int) -> bool:
    return index > 0 and _is_title_token(doc[index - 1])


def _title_before(doc, index: int) -> list:
    """Title tokens written right before a name: "U.S. Secretary of State", "Defence Secretary Mr."."""
    out = []
    i = index - 1
    sent_start = doc[index].sent.start if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else 0
    while i >= sent_start:
        tok = doc[i]
        low = tok.lower_
        if low.rstrip(".") in lexicon.HONORIFICS or low in lexicon.ROLE_HEADS or low in lexicon.ROLE_MODIFIERS:
            out.insert(0, tok)
        elif low in ("of", "and", "-") and out and i - 1 >= sent_start and doc[i - 1].text[:1].isupper():
            out.insert(0, tok)
        elif tok.text[:1].isupper() and out and tok.ent_type_ not in ("PERSON",) and not tok.is_sent_start:
            out.insert(0, tok)  # "Trade and Industry Secretary", "U.S. Secretary"
        elif tok.text[:1].isupper() and out and tok.ent_type_ in ("GPE", "NORP", "ORG"):
            out.insert(0, tok)
        else:
            break
        i -= 1
    while out and out[0].lower_ in ("of", "and", "-"):
        out.pop(0)
    return out


# A dateline line: a place in capitals, maybe ", Country" or ", N.H.", then a date ("1996-08-31", "Aug 31").
_DATELINE = re.compile(
    r"(?m)^([A-Z][A-Z'’-]+(?: [A-Z][A-Z'’.-]+){0,3})(?: ?, ([A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){0,2}))?"
    r"[ \t]+(?:\d{4}-\d\d-\d\d|\d{1,2}/\d{1,2}/\d{2,4}|(?:[A-Z][a-z]{2,8}\.?|[A-Z]{3,9}) \d{1,2})\b"
)

LOCATIVE_PREPOSITIONS = frozenset("in at from to near into across throughout outside inside around towards".split())


def _administration_after(doc, index: int) -> bool:
    """ "the Penhallow administration": a leader's name, not a town that shares it."""
    return index + 1 < len(doc) and doc[index + 1].lower_ == "administration"


def _after_locative(doc, index: int) -> bool:
    """Written as a place: right after "in", "at", "from"... ("in Tolmere", "flew to Ashvale")."""
    i = index - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].lower_ in LOCATIVE_PREPOSITIONS


def _written_as_place(doc, index: int) -> bool:
    """After a locative preposition, maybe with words between ("outside downtown Ashford",
    "in the northern Ashford"): the place, not a club or firm named after it."""
    i = index - 1
    while i >= 0 and index - i <= 3 and doc[i].pos_ in ("DET", "ADJ", "NOUN", "ADV") and doc[i].lower_ not in LOCATIVE_PREPOSITIONS:
        i -= 1
    return i >= 0 and doc[i].lower_ in LOCATIVE_PREPOSITIONS


def _mostly_upper(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch.isupper() for ch in letters) >= 0.8 * len(letters)


def _disease_word_after(doc, index: int) -> bool:
    return index + 1 < len(doc) and doc[index + 1].lower_ in lexicon.DISEASE_WORDS


def _region_word_after(doc, index: int):
    if index + 1 < len(doc) and doc[index + 1].lower_ in REGION_WORDS:
        return doc[index + 1]
    return None


def _acts(tokens) -> bool:
    """A country written as the subject of a verb is acting: "Russia must agree", "the U.S. has lifted"."""
    for tok in tokens:
        if tok.dep_ in SUBJECT_DEPS and tok.head.pos_ in ("VERB", "AUX"):
            return True
        if tok.dep_ == "conj" and tok.head.dep_ in SUBJECT_DEPS:
            return True
    return False


def _is_acronym_of(acronym: str, name: str) -> bool:
    letters = [w[0].upper() for w in re.findall(r"[A-Za-z][A-Za-z'&-]*", name) if w.lower() not in ("of", "the", "and", "for", "&")]
    return "".join(letters) == acronym.replace(".", "").upper() and len(letters) >= 2


def _clean_text(text: str) -> str:
    text = text.strip(_TRIM_CHARS)
    for suffix in _POSSESSIVE:
        if text.endswith(suffix):
            text = text[: -len(suffix)]
    if text.lower().startswith("the "):
        text = text[4:]
    return text


def _scan(text: str, start: int, end: int, surfaces: dict, case_blind: bool):
    """Word-bounded occurrences of known names in text[start:end], longest first."""
    names = sorted((s for s in surfaces if len(s) >= (4 if case_blind else 2) and s[:1].isupper()), key=lambda s: (-len(s), s))
    lookup = {n.casefold(): n for n in names} if case_blind else None
    # Compiling the pattern costs far more than matching it: names that cannot occur are left out.
    span = text[start:end]
    names = [n for n in names if _may_occur(n, span, case_blind)]
    if not names:
        return []
    pattern = re.compile(r"(?<![\w])(" + "|".join(re.escape(n) for n in names) + r")(?![\w])", re.IGNORECASE if case_blind else 0)
    out = []
    for match in pattern.finditer(text, start, end):
        surface = lookup[match.group(1).casefold()] if case_blind else match.group(1)
        out.append((match.start(1), match.end(1), surface))
    return out


def _may_occur(name: str, span: str, case_blind: bool) -> bool:
    """False only when `name` cannot match in `span`: written as is, or ignoring case in ASCII text
    (where re's case-insensitive matching is exactly `lower()`; beyond ASCII it knows more
    equivalents, so there every name is kept)."""
    if not case_blind:
        return name in span
    if name.isascii() and span.isascii():
        return name.lower() in span.lower()
    return True
