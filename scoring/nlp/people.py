"""Who a sentence is about: the household from the report, role words and pronouns.

The report's household list gives names and relationships; text uses those names, role
words ("dad", "mum's partner", "Mr Brown") and pronouns. Each mention gets a role so checks
can ask "is the father or a male carer mentioned here?" or "is this about the child?".
Pronouns take the nearest earlier mention of the same gender in the sentence or the two
before it, which is right far more often than not in report prose.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from scoring.document import Person, Report
from scoring.nlp.context import sentence_bounds
from scoring.nlp.regexes import ascii_lower, folds_like_ascii
from scoring.resources import lexicon_terms, lexicons

MALE_ROLES = frozenset({"father", "male_carer", "male_adult"})
_WORD = re.compile(r"[a-z]+")
_MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
_FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
_PRONOUNS = _MALE_PRONOUNS | _FEMALE_PRONOUNS
_NOT_A_PARTNER = frozenset(
    {
        "agency",
        "agencies",
        "organisation",
        "organisations",
        "service",
        "services",
        "professional",
        "professionals",
    }
)
_TITLED_NAME = re.compile(r"\b(Mr|Mrs|Ms|Miss)\.? ([A-Z][a-z]+) ([A-Z][a-z'-]+)")
_TITLES_MALE = frozenset({"mr", "mr."})
_TITLES_FEMALE = frozenset({"ms", "ms.", "mrs", "mrs.", "miss"})
_ROLE_MALE: dict[str, bool | None] = {"father": True, "male_carer": True, "mother": False}

if not Doc.has_extension("mentions"):
    Doc.set_extension("mentions", default=None)


class Mention(NamedTuple):
    """A mention of a person, with their role (a tuple: hundreds are made per report)."""

    start: int
    end: int
    role: str  # father, male_carer, male_adult, mother, sibling, child, parents
    male: bool | None
    pronoun: bool = False
    member: int = -1  # index into Cast.members, -1 when the person is not in the household list


@dataclass(frozen=True)
class Member:
    names: frozenset[str]
    role: str
    male: bool | None
    person: Person | None = None
    child: str | None = None  # the child's key, for a child of the report


# Words of an unborn baby's name that are not its name ("Unborn baby of Janelle Reid").
_NOT_A_CHILDS_NAME = frozenset({"unborn", "baby", "of", "the", "child", "prebirth", "pre", "birth"})


@dataclass
class Cast:
    """The people a report is about, resolved once per report and shared by its sections."""

    members: list[Member] = field(default_factory=list)
    child_male: bool | None = None
    by_name: dict[str, Member] = field(default_factory=dict)
    # Surnames learnt from "Mr Imran Hussain": (is_male_title, surname) -> member.
    titled: dict[tuple[bool, str], Member] = field(default_factory=dict)

    def male_carers(self) -> list[Member]:
        return [m for m in self.members if m.role in MALE_ROLES]

    def member_for_role(self, role: str) -> int:
        """The household member a role word refers to, when exactly one has that role."""
        found = [i for i, m in enumerate(self.members) if m.role == role]
        return found[0] if len(found) == 1 else -1


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("-", ""))


def name_words(text: str) -> list[str]:
    """The lower-case words of a name or relationship, as the cast matches them."""
    return _words(text)


def _term_words(terms: Iterable[str]) -> list[list[str]]:
    return [_words(t) for t in terms]


def _contains(words: list[str], term_words: list[list[str]]) -> bool:
    n = len(words)
    for tw in term_words:
        k = len(tw)
        if k and any(words[i : i + k] == tw for i in range(n - k + 1)):
            return True
    return False


@lru_cache(maxsize=1024)
def classify_relationship(relationship: str) -> tuple[str, bool | None]:
    """(role, male) for a household relationship such as "mother's partner" or "half-sister"."""
    words = _words(relationship)
    groups = lexicons()["people-roles"].get("groups") or {}
    classes = lexicons()["people-roles"].get("classes") or {}
    male = True if _contains(words, _term_words(classes.get("male", []))) else None
    if _contains(words, _term_words(groups["sibling"])):
        return "sibling", male if male else (False if {"sister"} & set(words) else None)
    if _contains(words, _term_words(groups["male_carer"])) and {"mother", "mum"} != set(words):
        if _contains(words, _term_words(groups["father"])) and not _contains(
            words, [["step"], ["stepfather"], ["stepdad"], ["partner"], ["boyfriend"]]
        ):
            return "father", True
        if any(
            w in ("grandmother", "grandma", "nan", "aunt", "auntie", "girlfriend", "wife")
            for w in words
        ):
            return "mother", False
        return "male_carer", True
    if _contains(words, _term_words(groups["father"])):
        return "father", True
    if _contains(words, _term_words(groups["mother"])):
        return "mother", False
    return "other", male


_OTHER_PEOPLE = frozenset(
    {
        "mum",
        "mother",
        "mum's",
        "mother's",
        "dad",
        "father",
        "dad's",
        "father's",
        "mr",
        "mrs",
        "ms",
        "miss",
        "partner",
        "sister",
        "brother",
        "nan",
        "grandma",
        "grandad",
        "grandfather",
        "grandmother",
        "aunt",
        "uncle",
        "stepdad",
        "stepfather",
        "carer",
        "sw",
        "teacher",
    }
)


_PRONOUN_AFTER = r"\b([^.\n]{0,80}?)\b(she|her|he|his|him)\b"


@lru_cache(maxsize=256)
def _name_pattern(name: str, fast: bool) -> re.Pattern[str]:
    if not fast:
        return re.compile(rf"\b{re.escape(name)}{_PRONOUN_AFTER}", re.IGNORECASE)
    # The same pattern for lower-cased text (see _name_then_pronoun), written so that re
    # can jump from one occurrence of the name's first letter to the next: the letter, then
    # "no word character before it" (what the leading \b says), then the rest.
    first, rest = re.escape(name[0]), re.escape(name[1:])
    return re.compile(rf"{first}(?<!\w.){rest}{_PRONOUN_AFTER}")


def _name_then_pronoun(name: str, text: str) -> Iterator[re.Match[str]]:
    """Each place the name is followed, in its sentence, by a personal pronoun."""
    if name.isascii() and name[:1].isalnum() and folds_like_ascii(text):
        # The same matches, case-sensitively in the lower case (regexes.py), which lets re
        # skip ahead to the name instead of trying every position.
        return _name_pattern(name.lower(), True).finditer(ascii_lower(text))
    return _name_pattern(name, False).finditer(text)


def _infer_child_male(
    name: str, texts: Iterable[str], others: frozenset[str] = frozenset()
) -> bool | None:
    """Votes from "Leah ... she": a pronoun after the child's name in the same sentence.

    A vote counts only when no other person ("mum", "Mr Lewis", a household name) comes
    between the name and the pronoun: "Noah is "fine" and doesn't understand her illness"
    is about the mother's illness, not Noah's gender.
    """
    words = name.split()  # a name of only spaces or control characters has no first word
    if not words:
        return None
    blockers = _OTHER_PEOPLE | others
    # Votes by a subject pronoun ("she", "he") where the name opens its sentence or clause
    # (the child is the subject) decide; an object or possessive pronoun after the child as
    # subject is mostly someone else ("Ellie has no contact with him"). The other votes
    # count only when there are none of those.
    votes = [0, 0]
    for text in texts:
        for match in _name_then_pronoun(words[0], text[:20000]):
            between = set(_WORD.findall(match.group(1).lower()))
            if between & blockers:
                continue
            before = text[max(match.start() - 3, 0) : match.start()].rstrip(" \t")
            subject = (not before or before[-1] in ".;:!?\n-(\u2013") and (
                match.group(2).lower() in ("she", "he")
            )
            vote = -1 if match.group(2).lower() in ("she", "her") else 1
            votes[0 if subject else 1] += vote
    # A single weak vote is as likely to be about someone else as not.
    total = votes[0] or (votes[1] if abs(votes[1]) >= 2 else 0)
    return None if total == 0 else total > 0


def _child_names(name: str, unborn: bool, adults: frozenset[str]) -> frozenset[str]:
    """The words that name a child in the text; an unborn baby's "of Janelle" is its mother."""
    words = frozenset(_words(name))
    return words - _NOT_A_CHILDS_NAME - adults if unborn else words


def build_cast(report: Report, texts: Sequence[str]) -> Cast:
    cast = Cast()
    adults = frozenset(w for p in report.household for w in _words(p.name))
    names = [_child_names(child.name, child.unborn, adults) for child in report.children]
    everyone = adults.union(*names)
    for child, own in zip(report.children, names, strict=True):
        first = child.name if not child.unborn else " ".join(sorted(own))
        male = _infer_child_male(first, texts, everyone - own) if own else None
        if own:
            cast.members.append(Member(own, "child", male, child=child.key))
    # Role words ("the child") take the child's gender when there is one child.
    cast.child_male = cast.members[0].male if len(report.children) == 1 and cast.members else None
    for person in report.household:
        role, male = classify_relationship(person.relationship)
        cast.members.append(Member(frozenset(_words(person.name)), role, male, person))
    for member in cast.members:
        for name in member.names:
            # The first member named wins: the child, then the household in order.
            cast.by_name.setdefault(name, member)
    for text in texts:
        if "Mr" not in text and "Ms" not in text and "Miss" not in text:
            continue  # every match holds one of these ("Mrs" holds "Mr")
        for m in _TITLED_NAME.finditer(text[:20000]):
            named = cast.by_name.get(m.group(2).lower())
            if named is not None:
                male = m.group(1).lower().rstrip(".") == "mr"
                cast.titled.setdefault((male, m.group(3).lower()), named)
    return cast


class PeopleResolver:
    def __init__(self) -> None:
        self.role_labels = {
            f"people-roles:{group}": group
            for group in ("father", "male_carer", "mother", "sibling", "child", "parents", "other")
        }
        self.sibling_male = frozenset(
            w for t in lexicon_terms("people-roles", "sibling") for w in _words(t) if "brother" in w
        )

    def __call__(self, doc: Doc) -> Doc:
        cast: Cast = doc.user_data.get("cast") or Cast()
        hits = doc.user_data.get("hits") or {}
        lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        lemma: list[str] = doc.user_data.get("lemma") or [t.lemma_ for t in doc]
        orth: Sequence[str] = doc.user_data.get("orth") or [t.text for t in doc]
        found: dict[int, Mention] = {}
        for label, role in self.role_labels.items():
            role_hits = hits.get(label)
            if not role_hits:
                continue
            index = cast.member_for_role(role)
            for start, end in role_hits:
                if (
                    role == "male_carer"
                    and doc[start:end].text.lower() in ("partner", "partners")
                    and end < len(doc)
                    and lower[end] in _NOT_A_PARTNER
                ):
                    continue
                male = _ROLE_MALE.get(role)
                if role == "sibling":
                    male = any(w in self.sibling_male for w in lower[start:end]) or None
                if role == "child":
                    if lower[end - 1] != lemma[end - 1]:
                        continue  # "the children", "young people": not this child
                    male = cast.child_male
                prev = found.get(start)
                if prev is None or prev.end < end:
                    found[start] = Mention(start, end, role, male, member=index)
        # One pass finds the few tokens the loops below look at.
        wanted = cast.by_name.keys() | _TITLES_MALE | _TITLES_FEMALE | _PRONOUNS
        marked = list(compress(range(len(lower)), map(wanted.__contains__, lower)))
        if cast.by_name:
            for i in marked:
                member = cast.by_name.get(lower[i])
                if (
                    member is not None
                    and i not in found
                    and (orth[i].istitle() or orth[i].isupper())
                ):
                    found[i] = Mention(
                        i, i + 1, member.role, member.male, member=cast.members.index(member)
                    )
        for i in marked:
            low = lower[i]
            if low in _TITLES_MALE or low in _TITLES_FEMALE:
                nxt = i + 1
                if nxt < len(doc) and orth[nxt].istitle():
                    member = cast.titled.get((low in _TITLES_MALE, lower[nxt]))
                    if member is None:
                        member = cast.by_name.get(lower[nxt])
                    index = -1
                    if member is not None:
                        role, male = member.role, member.male
                        index = cast.members.index(member)
                    elif low in _TITLES_MALE:
                        role, male = "male_adult", True
                    else:
                        role, male = "female_adult", False
                    found.pop(nxt, None)
                    found[i] = Mention(i, nxt + 1, role, male, member=index)
        mentions = sorted(found.values(), key=lambda m: m.start)
        pronouns = [i for i in marked if lower[i] in _PRONOUNS]
        doc.user_data["mentions"] = self._resolve_pronouns(doc, lower, mentions, pronouns)
        return doc

    def _resolve_pronouns(
        self, doc: Doc, lower: list[str], mentions: list[Mention], pronouns: list[int]
    ) -> list[Mention]:
        if not pronouns:
            return mentions
        bounds = sentence_bounds(doc)
        starts = [b[0] for b in bounds]
        sent_start_of: dict[int, int] = {}
        k = 0
        for i in pronouns:
            while k + 1 < len(bounds) and bounds[k + 1][0] <= i:
                k += 1
            sent_start_of[i] = bounds[max(k - 2, 0)][0] if bounds else 0
        out = list(mentions)
        resolved: list[Mention] = []
        m_idx = 0
        last_male: Mention | None = None
        last_female: Mention | None = None
        # A child of unknown gender may be "he" or "she"; a mention of known gender in the
        # window is preferred over them ("Rebecca tells me Noah is fine. She says...").
        last_child: Mention | None = None
        for i in pronouns:
            while m_idx < len(mentions) and mentions[m_idx].start < i:
                m = mentions[m_idx]
                if m.male is True:
                    last_male = m
                elif m.male is False:
                    last_female = m
                elif m.role == "child":
                    last_child = m
                m_idx += 1
            male = lower[i] in _MALE_PRONOUNS
            ante = last_male if male else last_female
            if ante is None or ante.start < sent_start_of[i]:
                ante = last_child
            elif last_child is not None and last_child.start >= sent_start_of[i]:
                # Both fit: the one in the later sentence, and within one sentence the
                # earlier (its subject): "Rebecca tells me Noah is fine. She says..." is
                # Rebecca; "Leah said mum hits her" is Leah.
                a_sent = bisect_right(starts, ante.start)
                c_sent = bisect_right(starts, last_child.start)
                if c_sent > a_sent or (c_sent == a_sent and last_child.start < ante.start):
                    ante = last_child
            if ante is not None and ante.start >= sent_start_of[i]:
                mention = Mention(i, i + 1, ante.role, ante.male, pronoun=True, member=ante.member)
                resolved.append(mention)
                # Chains ("Dad ... He ... his") keep the referent alive across sentences;
                # within a sentence the referent's first mention is kept (its position
                # decides between two candidates above).
                if bisect_right(starts, ante.start) != bisect_right(starts, i):
                    if ante.male is None:
                        last_child = mention
                    elif male:
                        last_male = mention
                    else:
                        last_female = mention
        out.extend(resolved)
        out.sort(key=lambda m: m.start)
        return out


@Language.factory("cpc_people", requires=["doc._.hits"], assigns=["doc._.mentions"])
def make_people(nlp: Language, name: str) -> PeopleResolver:
    return PeopleResolver()
