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
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from itertools import compress
from operator import itemgetter
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from scoring.document import Person, Report
from scoring.nlp.context import sentence_bounds
from scoring.nlp.quotes import quote_tokens
from scoring.nlp.regexes import ascii_lower, folds_like_ascii
from scoring.nlp.tokens import case_tells
from scoring.nlp.words import common_words
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
# "Mr Jamal Miah", and with the surname or everything in capitals ("Mr Jamal MIAH"). It
# opens with the literal "M" (then "no word character before it", what a leading \b says)
# so that re can jump from one capital M to the next.
_TITLED_NAME = re.compile(
    r"(M(?<!\wM)(?:r|rs|s|iss|R|RS|S|ISS))\.? "
    r"([A-Z][a-z]+|[A-Z]{2,}) ([A-Z][a-z'-]+|[A-Z][A-Z'-]+)\b"
)
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


_START = itemgetter(0)  # a Mention's start, as a sort key (in C)
# Mention((start, end, role, male, pronoun, member)) without the keyword handling of the
# NamedTuple constructor (a quarter of the cost; hundreds are made per report).
_mention: Callable[[tuple[int, int, str, bool | None, bool, int]], Mention] = partial(
    tuple.__new__, Mention
)


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
    # A child's name word -> the index of the one listed father of that child, so that
    # "Kai's father" is Kai's father when siblings have different fathers.
    father_of: dict[str, int] = field(default_factory=dict)
    # A listed father's index -> the keys of the children he is listed as the father of,
    # where the list says ("father of the unborn baby").
    fathers_of: dict[int, set[str]] = field(default_factory=dict)
    # Initials that name a member ("k", "k.", "kh"): see _add_initials.
    initials: set[str] = field(default_factory=set)
    # A child's key -> the capital that opens their first name ("J" for Jayden): in the
    # child's own sections a telegraphic writer's "J" (or "J.") is that child.
    own_initials: dict[str, str] = field(default_factory=dict)
    # id(member) -> its index (index_of); checked against the list on every use.
    _index: dict[int, int] = field(default_factory=dict, repr=False, compare=False)
    # (len(by_name), marked_words()) once worked out.
    _marked: tuple[int, frozenset[str]] | None = field(default=None, repr=False, compare=False)

    def male_carers(self) -> list[Member]:
        return [m for m in self.members if m.role in MALE_ROLES]

    def index_of(self, member: Member) -> int:
        """``members.index(member)``, worked out once per member object: the members are
        fixed once build_cast has made them, and list.index compares dataclasses field by
        field."""
        index = self._index.get(id(member))
        if index is None or self.members[index] is not member:
            index = self.members.index(member)
            self._index[id(member)] = index
        return index

    def marked_words(self) -> frozenset[str]:
        """The names, titles and pronouns, the tokens the people component looks at: made
        once per report (its sections share the cast), not once per section."""
        if self._marked is None or self._marked[0] != len(self.by_name):
            words = self.by_name.keys() | _TITLES_MALE | _TITLES_FEMALE | _PRONOUNS
            self._marked = (len(self.by_name), frozenset(words))
        return self._marked[1]

    def member_for_role(self, role: str) -> int:
        """The household member a role word refers to, when exactly one has that role."""
        found = [i for i, m in enumerate(self.members) if m.role == role]
        return found[0] if len(found) == 1 else -1


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("-", ""))


_HYPHENATED = re.compile(r"[a-z]+(?:-[a-z]+)+")


@lru_cache(maxsize=1024)
def _person_words(name: str) -> frozenset[str]:
    """The words a person's name is written with: "Ellie-Mae" is also "Ellie" and "Mae",
    since the tokeniser splits it at the hyphen and writers shorten it."""
    words = set(_words(name))
    for compound in _HYPHENATED.findall(name.lower()):
        words.update(compound.split("-"))
    return frozenset(words)


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


_SEGMENTS = re.compile(r"[;,/]|\band\b")
_AND = re.compile(r"\band\b")
_ASIDE = re.compile(r"\([^()]*\)")


def _parts(relationship: str) -> list[str]:
    """ "father of Jessie and Ivy; mother's partner" -> "father of Jessie and Ivy",
    "mother's partner": split at ; , / and at an "and" that starts another role."""
    parts: list[str] = []
    for segment in re.split(r"[;,/]", relationship):
        for piece in _AND.split(segment):
            if parts and _classify(piece)[0] == "other" and piece.strip():
                parts[-1] += " and " + piece  # "and Ivy": more children of the same role
            elif piece.strip():
                parts.append(piece)
    return parts


@lru_cache(maxsize=1024)
def father_segments(relationship: str) -> tuple[str, ...]:
    """The parts of a relationship that make the man a father ("father of Amara" in
    "father of Amara; stepfather to Kai"), step- and partner parts left out."""
    return tuple(part for part in _parts(relationship) if _classify(part) == ("father", True))


@lru_cache(maxsize=1024)
def classify_relationship(relationship: str) -> tuple[str, bool | None]:
    """(role, male) for a household relationship such as "mother's partner" or "half-sister";
    a man who is one child's father and another's stepfather is a father. A bracketed
    aside ("Oliver's father (living with his brother - bail conditions)") says where or
    how he is, not who he is."""
    relationship = _ASIDE.sub(" ", relationship)
    role = _classify(relationship)
    if role[0] == "male_carer" and _SEGMENTS.search(relationship) and father_segments(relationship):
        return "father", True
    return role


def _classify(relationship: str) -> tuple[str, bool | None]:
    words = _words(relationship)
    groups = lexicons()["people-roles"].get("groups") or {}
    classes = lexicons()["people-roles"].get("classes") or {}
    male = True if _contains(words, _term_words(classes.get("male", []))) else None
    if _contains(words, _term_words(groups["sibling"])):
        return "sibling", male if male else (False if {"sister"} & set(words) else None)
    # "father's partner", "dad's girlfriend" (the mother group's): the father's partner,
    # whatever "partner" says below
    fathers_partner = [t for t in groups["mother"] if t.split()[0] in ("father's", "dad's")]
    if _contains(words, _term_words(fathers_partner)):
        return "mother", False
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
def _name_pattern(name: str, fast: bool, ascii_text: bool = False) -> re.Pattern[str]:
    if not fast:
        return re.compile(rf"\b{re.escape(name)}{_PRONOUN_AFTER}", re.IGNORECASE)
    # The same pattern for lower-cased text (see _name_then_pronoun), written so that re
    # can jump from one occurrence of the name's first letter to the next: the letter, then
    # "no word character before it" (what the leading \b says), then the rest. For ASCII
    # text, compiled with re.ASCII: the same matches there (no \s in it), with \w and \b
    # tested by table instead of through the Unicode database.
    first, rest = re.escape(name[0]), re.escape(name[1:])
    flags = re.ASCII if ascii_text else 0
    return re.compile(rf"{first}(?<!\w.){rest}{_PRONOUN_AFTER}", flags)


def _name_then_pronoun(name: str, text: str) -> Iterator[re.Match[str]]:
    """Each place the name is followed, in its sentence, by a personal pronoun."""
    if name.isascii() and name[:1].isalnum():
        if text.isascii():  # nothing to fold (regexes.py)
            return _name_pattern(name.lower(), True, True).finditer(text.lower())
        if folds_like_ascii(text):
            # The same matches, case-sensitively in the lower case (regexes.py), which lets
            # re skip ahead to the name instead of trying every position.
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


_OPENING_PRONOUN = re.compile(r"(?:\A|[.!?]\s+|\n\s*(?:[-*\u2022]\s*)?)(he|she)\b", re.IGNORECASE)


def _own_section_gender(texts: Sequence[str], others: frozenset[str]) -> bool | None:
    """Votes from a child's own sections: the first sentence that opens with "he" or "she"
    before any other person is named ("He told me he likes school"; not "I met Dad. He
    said..."). Votes that disagree decide nothing."""
    blockers = _OTHER_PEOPLE | others
    votes = set()
    for text in texts:
        m = _OPENING_PRONOUN.search(text[:5000])
        if m is None or blockers.intersection(_WORD.findall(text[: m.start()].lower())):
            continue
        votes.add(m.group(1).lower() == "he")
    return votes.pop() if len(votes) == 1 else None


_QUOTED = re.compile(r"\"[^\"\n]*\"|\u201c[^\u201d\n]*\u201d")
_GENDERED = re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE)


def _pronoun_majority(texts: Sequence[str], adults: frozenset[str]) -> bool | None:
    """The gender of most of the pronouns in a child's own sections, outside quoted words,
    when there are at least three and three in four agree: those sections are about the
    child ("At MGM's he clung to Tayla... He said..."; "What would she like now?"). A
    section that names an adult before its first pronoun ("I have met Hodan three times
    ... I have not asked her") may be about them, and is not counted."""
    blockers = _OTHER_PEOPLE | adults
    male = female = 0
    for text in texts:
        text = _QUOTED.sub(" ", text[:5000])
        first = _GENDERED.search(text)
        if first is None or blockers.intersection(_WORD.findall(text[: first.start()].lower())):
            continue
        for m in _GENDERED.finditer(text, first.start()):
            if m.group(1).lower() in _MALE_PRONOUNS:
                male += 1
            else:
                female += 1
    total = male + female
    if total < 3 or 4 * max(male, female) < 3 * total:
        return None
    return male > female


def _child_names(name: str, unborn: bool, adults: frozenset[str]) -> frozenset[str]:
    """The words that name a child in the text; an unborn baby's "of Janelle" is its mother."""
    words = _person_words(name)
    return words - _NOT_A_CHILDS_NAME - adults if unborn else words


# Words after which a telegraphic initial in a child's own section is a person ("Mum says
# J asks...", "seen J"), not a thing's letter ("vitamin K").
_SAYING_WORDS = frozenset({"says", "said", "that", "and", "saw", "seen", "see", "with"})
# Verbs that follow a person as the subject ("mercy was playing", "grace told me").
_SUBJECT_VERBS = frozenset(
    {"is", "was", "has", "had", "said", "says", "told", "tells", "went", "goes", "likes",
     "loves", "wants", "wanted", "seemed", "seems", "appeared", "appears", "attends",
     "attended", "lives", "cried", "laughed", "smiled", "asked", "'s", "\u2019s"}
)  # fmt: skip


@lru_cache(maxsize=1)
def _case_people() -> frozenset[str]:
    """The last word of each people-roles `case_person` term ("injured party" -> "party"):
    the adult a service's report is about, whose sex the word does not say."""
    classes = lexicons()["people-roles"].get("classes") or {}
    return frozenset(_words(t)[-1] for t in classes.get("case_person", ()) if _words(t))


_DETERMINERS = frozenset(
    {"a", "an", "the", "my", "our", "your", "his", "her", "their", "its", "this"}
)


def _named_as_a_person(lower: list[str], i: int, member: Member, own: str | None) -> bool:
    """In text without capitals, a name that is also an everyday word ("mercy", "grace",
    "will") names the person in that person's own section, or as the subject of a verb
    people do ("mercy was playing"); elsewhere it is the word."""
    if member.child is not None and member.child == own:
        return True
    return (
        i + 1 < len(lower)
        and lower[i + 1] in _SUBJECT_VERBS
        and not (i and lower[i - 1] in _DETERMINERS)  # "my hope is", "the grace period"
    )


# Words that open a coordinate clause before its subject ("..., and Lacey is...").
_COORDINATORS = frozenset({"and", "but", ";"})


# Words after "her" that make it an object ("mum hit her and..."), not a possessive.
_AFTER_OBJECT_HER = frozenset(
    {"and", "or", "but", "to", "with", "at", "in", "on", "up", "out", "off", "back", "home",
     "about", "for", "from", "into", "that", "if", "a", "an", "the", "this", "when", "because",
     "so", "as", "down", "over", "again", "now", "then", "too", "some", "any", "what", "how",
     "why", "where", "not", "by", "round", "around", "away", "through"}
)  # fmt: skip


def _object_pronoun(lower: list[str], i: int) -> bool:
    """ "him", "them", or "her" as an object ("mum hit her"), not "her little brother"."""
    if lower[i] in ("him", "them"):
        return True
    if lower[i] != "her":
        return False
    after = lower[i + 1] if i + 1 < len(lower) else "."
    return not after.isalpha() or after in _AFTER_OBJECT_HER


def _first_in_sentence(
    seen: Sequence[Mention], ante: Mention, starts: Sequence[int], sent: int
) -> int:
    """Where the person ``ante`` is first mentioned in its sentence (number ``sent`` as
    bisect_right over ``starts`` gives it)."""
    if ante.member < 0:
        return ante.start
    return min(
        (
            m.start
            for m in seen
            if m.member == ante.member and bisect_right(starts, m.start) == sent
        ),
        default=ante.start,
    )


def _adult_named(cast: Cast, word: str, male: bool) -> Member | None:
    """Who "Ms Stoica" or "Mr Cole" is, when the report never writes their full name with
    the title: a title names an adult, so the household member (of the title's sex where
    it is known) with that name, never a child who shares the surname."""
    adults = [m for m in cast.members if m.child is None and word in m.names]
    for member in adults:
        if member.male is None or member.male == male:
            return member
    return adults[0] if adults else None


def _titled(doc: Doc, cast: Cast, title: str, word: str, low: str) -> bool:
    """Whether a title and the word after it name someone: "Mr Kowal", and "Mr KOWAL" as
    case records write surnames. In text written in capitals every word looks like that
    ("WILL MISS MIA"), and in text without capitals none does, so there the word must be a
    name the report's people carry."""
    if word.istitle():
        return True
    if len(word) < 2 or not word.isalpha():
        return False
    if word.isupper() and case_tells(doc):
        return True
    if word.isupper() or not case_tells(doc):  # capitals, or no capitals: a known name
        return low in cast.by_name or (title in _TITLES_MALE, low) in cast.titled
    return False


def build_cast(
    report: Report, texts: Sequence[str], own_texts: Mapping[str, Sequence[str]] | None = None
) -> Cast:
    """The report's people. ``own_texts`` are each child's own sections (voice, identity),
    by child key: where the name-then-pronoun votes leave a child's gender open, the
    pronoun that opens a sentence there, before anyone else is named, is the child's."""
    cast = Cast()
    adults = frozenset(w for p in report.household for w in _person_words(p.name))
    names = [_child_names(child.name, child.unborn, adults) for child in report.children]
    everyone = adults.union(*names)
    for child, own in zip(report.children, names, strict=True):
        first = child.name if not child.unborn else " ".join(sorted(own))
        male = _infer_child_male(first, texts, everyone - own) if own else None
        if male is None and own and own_texts and not child.unborn:
            male = _own_section_gender(own_texts.get(child.key) or (), everyone - own)
            if male is None:
                male = _pronoun_majority(own_texts.get(child.key) or (), adults)
        if own:
            cast.members.append(Member(own, "child", male, child=child.key))
    # Role words ("the child") take the child's gender when there is one child.
    cast.child_male = cast.members[0].male if len(report.children) == 1 and cast.members else None
    for person in report.household:
        role, male = classify_relationship(person.relationship)
        # A name the list does not know ("not known", "unknown") names no one.
        words = frozenset() if _placeholder(person.name) else _person_words(person.name)
        cast.members.append(Member(words, role, male, person))
    for member in cast.members:
        for name in member.names:
            # The first member named wins: the child, then the household in order.
            cast.by_name.setdefault(name, member)
    for member in cast.members:
        # ... except an adult's first name that is only a child's other name ("Abel Yonas",
        # son of Yonas Kidane, as Eritrean and many other names are given): "Yonas" is him.
        given = _first_name(member)
        owner = cast.by_name.get(given) if given else None
        if given and owner is not None and owner.child and owner is not member:
            kid = next((c for c in report.children if c.key == owner.child), None)
            if kid is not None and _words(kid.name)[:1] != [given]:
                cast.by_name[given] = member
    written = [c.name for c in report.children if not c.unborn]
    _add_aliases(cast, texts)
    _add_initials(cast, [*written, *(p.name for p in report.household)], texts)
    for child in report.children:
        first = child.name.strip()[:1].upper()
        if not child.unborn and first.isalpha() and first.lower() not in _NOT_INITIALS:
            cast.own_initials[child.key] = first
    _link_fathers(cast, report)
    for text in texts:
        if "M" not in text:
            continue  # every title starts with it
        for m in _TITLED_NAME.finditer(text[:20000]):
            named = cast.by_name.get(m.group(2).lower())
            # A title names an adult: "WILL MISS MIA JONES" (capitals) is not Mia's title.
            if named is not None and named.child is None:
                male = m.group(1).lower().rstrip(".") == "mr"
                cast.titled.setdefault((male, m.group(3).lower()), named)
    return cast


# "Mohammed (Mo)", "Alexandra ('Lexi')", "Kenneth, known as Kenny", "Patricia aka Trish".
_ALIAS = re.compile(
    r"\b([A-Z][a-z]+)(?: [A-Z][a-z'-]+)? \((?:known as |aka |a\.k\.a\. )?"
    r"['\"‘“]?([A-Z][a-z]{1,14})['\"’”]?\)"
    r"|\b([A-Z][a-z]+),? (?:known as|aka|a\.k\.a\.) ['\"‘“]?([A-Z][a-z]{1,14})\b"
)


def _add_aliases(cast: Cast, texts: Sequence[str]) -> None:
    """A short name given beside a member's name names them too: in brackets when it is a
    shorter form with the same first letter ("Mohammed (Mo)", not "Amira (Year 3)"), and
    after "known as" or "aka" whatever it is. A name already someone's is left alone."""
    for text in texts:
        if "(" not in text and "known as" not in text and "aka" not in text:
            continue
        for m in _ALIAS.finditer(text[:20000]):
            full, alias = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            member = cast.by_name.get(full.lower())
            said_as = m.group(1) is None or "known as" in m.group(0) or "aka" in m.group(0)
            if member is None or alias.lower() in cast.by_name:
                continue
            if said_as or (alias[0] == full[0] and len(alias) < len(full)):
                cast.by_name[alias.lower()] = member


_NOT_INITIALS = frozenset({"i", "a", "i.", "a."})  # words, not anyone's initial


def _add_initials(cast: Cast, names: Sequence[str], texts: Sequence[str]) -> None:
    """Case records write people by their initials ("K said she...", "K. was seen",
    "JS told me"): each member's first initial and the initials of their whole name name
    them too, where no other member has the same ones and they are not a name or a word
    already, and not before a surname ("R. Shah" is someone else: _surname_follows).
    Only for a member the report never calls by first name: a writer who uses initials uses
    them throughout, and elsewhere a capital letter alone is more often something else
    ("vitamin D", "plan B"). ``names`` are the members' written names, in the members' order (a baby
    not yet born has none)."""
    forms: list[tuple[str, Member]] = []
    said = "\n".join(texts).lower()
    for member, name in zip(cast.members, names, strict=False):
        parts = [w for w in _words(name) if w[:1].isalpha()]
        if not parts or _says(said, parts[0]):
            continue
        own = {parts[0][0]}
        if len(parts) > 1:
            own.add("".join(p[0] for p in parts))
        forms += [(f, member) for i in own for f in (i, i + ".")]
    counts = Counter(f for f, _ in forms)
    for form, member in forms:
        if counts[form] == 1 and form not in _NOT_INITIALS and form not in cast.by_name:
            cast.by_name[form] = member
            cast.initials.add(form)


def _says(text: str, word: str) -> bool:
    """Whether the word occurs in the text as a whole word (str.find, much faster here
    than a pattern with a look-behind, which re tries at every position)."""
    i = text.find(word)
    while i >= 0:
        end = i + len(word)
        if (i == 0 or not text[i - 1].isalpha()) and (end == len(text) or not text[end].isalpha()):
            return True
        i = text.find(word, i + 1)
    return False


def _surname_follows(orth: Sequence[str], i: int) -> bool:
    """ "R. Shah", "K Smith": an initial before a surname is someone's name written that
    way (the practice nurse's), not a member's initials used alone."""
    return i + 1 < len(orth) and orth[i + 1].istitle() and orth[i + 1].isalpha()


def _link_fathers(cast: Cast, report: Report) -> None:
    """Which listed father is each child's: the household entry's children, else the
    children its relationship names ("father of Kai"); only where that is one man."""
    if len(report.children) < 2:
        return
    fathers: dict[str, set[int]] = {}
    for i, member in enumerate(cast.members):
        person = member.person
        if member.role != "father" or person is None:
            continue
        if person.children:
            keys = set(person.children)
        else:
            words = set(_words(" ".join(father_segments(person.relationship))))
            keys = {m.child for m in cast.members if m.child and m.names & words}
            if words & _UNBORN_WORDS:  # "father of the unborn baby"
                keys |= {c.key for c in report.children if c.unborn}
        for key in keys:
            fathers.setdefault(key, set()).add(i)
        if keys:
            cast.fathers_of[i] = keys
    unborn = [c.key for c in report.children if c.unborn]
    if len(unborn) == 1 and len(fathers.get(unborn[0], ())) == 1:
        # "the baby's father", "the unborn's father": the one unborn baby's
        for word in ("baby", "unborn"):
            cast.father_of[word] = next(iter(fathers[unborn[0]]))
    children = [m for m in cast.members if m.child]
    for child in children:
        if len(fathers.get(child.child or "", ())) == 1:
            # A name another child shares ("Unborn baby of Jade Hurst" and Jade) says
            # nothing of whose father is meant.
            shared = set().union(*(c.names for c in children if c is not child))
            for name in child.names - shared:
                cast.father_of[name] = next(iter(fathers[child.child or ""]))


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
                whose = index
                if role == "father":
                    at = start - 1 if start and lower[start - 1] != "own" else start - 2
                    if at >= 1 and lower[at] in ("'s", "’s"):  # "Kai's (own) father"
                        whose = _fathered(cast, index, lower[at - 1])
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
                    found[start] = _mention((start, end, role, male, False, whose))
        # One pass finds the few tokens the loops below look at.
        wanted = cast.marked_words()
        marked = list(compress(range(len(lower)), map(wanted.__contains__, lower)))
        own = doc.user_data.get("child")  # the child whose own section this is, if any
        if cast.by_name:
            for i in marked:
                member = cast.by_name.get(lower[i])
                if (
                    member is not None
                    and i not in found
                    and (
                        orth[i].istitle()
                        or orth[i].isupper()
                        or (
                            not case_tells(doc)
                            and (
                                lower[i] not in common_words()
                                or _named_as_a_person(lower, i, member, own)
                            )
                        )
                    )
                    and not (lower[i] in cast.initials and _surname_follows(orth, i))
                ):
                    found[i] = _mention(
                        (i, i + 1, member.role, member.male, False, cast.index_of(member))
                    )
        initial = cast.own_initials.get(own) if own else None
        if initial is not None:
            forms = (initial, initial + ".")
            child = next((k for k, m in enumerate(cast.members) if m.child == own), -1)
            for i in compress(range(len(orth)), map(forms.__contains__, orth)):
                if i in found or child < 0 or _surname_follows(orth, i):
                    continue
                # A person, not a thing's letter ("vitamin K drops", "plan B"): at the
                # start of a clause, after a word of saying, or before a verb people do.
                if (
                    i == 0
                    or not orth[i - 1].isalpha()
                    or lower[i - 1] in _SAYING_WORDS
                    or (i + 1 < len(lower) and lower[i + 1] in _SUBJECT_VERBS)
                ):
                    member = cast.members[child]
                    found[i] = _mention((i, i + 1, "child", member.male, False, child))
        for i in marked:
            low = lower[i]
            if low in _TITLES_MALE or low in _TITLES_FEMALE:
                nxt = i + 1
                if nxt < len(doc) and _titled(doc, cast, low, orth[nxt], lower[nxt]):
                    member = cast.titled.get((low in _TITLES_MALE, lower[nxt]))
                    if member is None:
                        member = _adult_named(cast, lower[nxt], low in _TITLES_MALE)
                    index = -1
                    if member is not None:
                        role, male = member.role, member.male
                        index = cast.index_of(member)
                    elif low in _TITLES_MALE:
                        role, male = "male_adult", True
                    else:
                        role, male = "female_adult", False
                    found.pop(nxt, None)
                    found[i] = _mention((i, nxt + 1, role, male, False, index))
        mentions = _appositions(
            _join_full_names(sorted(found.values(), key=_START), cast, lower), lower
        )
        pronouns = [i for i in marked if lower[i] in _PRONOUNS]
        quotes = quote_tokens(doc) if pronouns else []
        doc.user_data["mentions"] = self._resolve_pronouns(
            doc, lower, mentions, pronouns, cast.by_name.keys(), quotes
        )
        return doc

    def _resolve_pronouns(
        self,
        doc: Doc,
        lower: list[str],
        mentions: list[Mention],
        pronouns: list[int],
        names: Collection[str] = (),
        quotes: Sequence[tuple[int, int]] = (),
    ) -> list[Mention]:
        if not pronouns:
            return mentions
        bounds = sentence_bounds(doc)
        starts = [b[0] for b in bounds]
        sent_start_of: dict[int, int] = {}
        own_sent: dict[int, tuple[int, int]] = {}
        k = 0
        for i in pronouns:
            while k + 1 < len(bounds) and bounds[k + 1][0] <= i:
                k += 1
            sent_start_of[i] = bounds[max(k - 2, 0)][0] if bounds else 0
            own_sent[i] = bounds[k] if bounds else (0, len(lower))
        out = list(mentions)
        resolved: list[Mention] = []
        key = doc.user_data.get("child")
        cast: Cast | None = doc.user_data.get("cast")
        own_child = next(
            (
                (k, m)
                for k, m in enumerate(cast.members if cast is not None and key else ())
                if m.child == key
            ),
            None,
        )
        # Every candidate seen so far (named mentions and resolved pronouns), in order: the
        # salience rules below look back through them.
        seen: list[Mention] = []
        m_idx = 0
        last_male: Mention | None = None
        last_female: Mention | None = None
        # A child of unknown gender may be "he" or "she"; a mention of known gender in the
        # window is preferred over them ("Rebecca tells me Noah is fine. She says...").
        last_child: Mention | None = None
        # The first subject pronoun of each gender resolved in a sentence.
        parallel: dict[tuple[int, bool], Mention] = {}
        for i in pronouns:
            while m_idx < len(mentions) and mentions[m_idx].start < i:
                m = mentions[m_idx]
                m_idx += 1
                if quotes and any(qs <= m.start < qe for qs, qe in quotes):
                    continue  # "Liam grabbed me," he said: "he" is not Liam
                if kin_group(lower, m):
                    continue  # "Kai's dad's side are Polish, his nan...": not dad
                seen.append(m)
                if _companion(lower, m, seen):
                    pass  # "...at the clinic with her mum. I have not asked her": the child
                elif m.male is True:
                    last_male = m
                elif m.male is False:
                    last_female = m
                elif m.role == "child":
                    last_child = m
                elif (
                    m.role == "other"
                    and lower[m.end - 1] in _case_people()
                    # "Not a tenant so I haven't contacted him": a class, not a person
                    and not (m.start > 0 and lower[m.start - 1] in ("a", "an"))
                ):
                    # "The victim has a sister who she speaks to daily": the adult a police,
                    # domestic abuse or housing report is about, of either sex.
                    last_male = last_female = m
            male = lower[i] in _MALE_PRONOUNS
            sent = own_sent[i]
            subject = lower[i] in _SUBJECT_PRONOUNS and not (
                i > sent[0] and lower[i - 1] in _SUBORDINATORS
            )
            # "He admitted hitting Jayden": a subject pronoun is not the person the rest of
            # its sentence names (binding principle C); "When he got home Jayden cried" is
            # (the pronoun opens a fronted clause, which the test above leaves out).
            named_after = (
                self._named_later(mentions, m_idx, sent[1], lower, names, quotes)
                if subject
                else frozenset()
            )
            ante = last_male if male else last_female
            if ante is not None and _same_person(ante, named_after):
                ante = _nearest_other(seen, male, named_after, sent_start_of[i])
            if ante is not None and _clause_subject(lower, ante, i, seen):
                # "Kai stays with him": an object pronoun is not its own clause's subject
                # (binding principle B); the person before is.
                ante = _nearest_other(
                    [m for m in seen if m.start < ante.start],
                    male,
                    frozenset({ante.member}) if ante.member >= 0 else frozenset(),
                    sent_start_of[i],
                )
            earlier = parallel.get((sent[0], male)) if subject else None
            if earlier is not None and not _same_person(earlier, named_after):
                # "He said Kai seems happier, that he would like Kai more, and that he is
                # worried": a subject pronoun in a parallel clause of its sentence is the
                # same person as the one before it.
                ante = earlier
            child = last_child
            if child is not None and (
                _same_person(child, named_after)
                or _co_argument(lower, child, i)
                or _clause_subject(lower, child, i, seen)  # "Mia goes to him"
            ):
                child = None
            if ante is None or ante.start < sent_start_of[i]:
                ante = child
            elif child is not None and child.start >= sent_start_of[i]:
                # Both fit: the one in the later sentence, and within one sentence the
                # earlier (its subject): "Rebecca tells me Noah is fine. She says..." is
                # Rebecca; "Leah said mum hits her" is Leah. A child of unknown gender
                # named as the object of a later sentence does not take "she" from a woman
                # who is the topic: "The episode put Nathaniel in danger. Her insight..."
                a_sent = bisect_right(starts, ante.start)
                c_sent = bisect_right(starts, child.start)
                later = c_sent > a_sent and (child.male is not None or _salience(lower, child) == 2)
                # Within one sentence the earlier is its subject, the adult counted from
                # their first mention there ("Dean is Leah's father. His views..." is
                # Dean's), and a possessive child ("Leah's") is not the subject.
                first = _first_in_sentence(seen, ante, starts, a_sent)
                if later or (
                    c_sent == a_sent
                    and child.start < ante.start
                    and not (child.end < len(lower) and lower[child.end] in ("'s", "\u2019s"))
                    and child.start < first
                    # "I haven't spoken to Jayden; all my contact is with Kirsty. She
                    # thinks...": a child after a preposition is no subject, nor is one
                    # after a verb ("raised Tia-Rose with him with his consent")
                    and _salience(lower, child, seen) == 2
                    # "..., Tommy is coming in without a coat, and Lacey is getting her
                    # little brother ready": the adult or child named as the subject of a
                    # later coordinate clause is the one that clause's pronouns go to.
                    and not (
                        first >= 1
                        and lower[first - 1] in _COORDINATORS
                        and not _object_pronoun(lower, i)
                    )
                ):
                    ante = child
            if (subject or lower[i] == "him") and (ante is None or ante.start < sent[0]):
                # A subject pronoun (or "him") with no antecedent earlier in its own sentence
                # continues the previous sentence's subject, not its object: "I met Stacey
                # and Ryan. ... He admitted hitting Jayden. He said..." is Ryan both times;
                # "Mr Ali acts as stepfather to Kai. I met him" is Mr Ali.
                ante = self._salient(
                    doc, seen, male, sent[0], sent_start_of[i], named_after, starts
                ) or (None if ante is not None and _same_person(ante, named_after) else ante)
            if (
                ante is None
                and not seen
                and own_child is not None
                and own_child[1].male in (None, male)
            ):
                # A child's own section that opens with "He told me..." is about the child
                # (when the child's gender, if known, agrees).
                ante = Mention(i, i + 1, "child", own_child[1].male, member=own_child[0])
            if ante is not None and ante.start >= sent_start_of[i]:
                mention = _mention((i, i + 1, ante.role, ante.male, True, ante.member))
                resolved.append(mention)
                seen.append(mention)
                if subject and (sent[0], male) not in parallel:
                    parallel[(sent[0], male)] = mention
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
        out.sort(key=_START)
        return out

    @staticmethod
    def _named_later(
        mentions: list[Mention],
        m_idx: int,
        end: int,
        lower: list[str],
        names: Collection[str],
        quotes: Sequence[tuple[int, int]] = (),
    ) -> frozenset[int]:
        """Members named by their name (not a pronoun or a role word such as "her mother",
        which may be someone else's) after a pronoun in its sentence. A name inside quoted
        words is what someone said ("she brought me her books ('Isla do it')"), not the
        sentence naming that person."""
        named: set[int] = set()
        j = m_idx
        while j < len(mentions) and mentions[j].start < end:
            m = mentions[j]
            if any(qs <= m.start < qe for qs, qe in quotes):
                j += 1
                continue
            if m.member >= 0 and (lower[m.start] in names or lower[m.start] in _TITLES):
                named.add(m.member)
            j += 1
        return frozenset(named)

    def _salient(
        self,
        doc: Doc,
        seen: list[Mention],
        male: bool,
        sent_start: int,
        window: int,
        exclude: frozenset[int],
        starts: list[int],
    ) -> Mention | None:
        """The subject of the nearest earlier sentence in the window that has a candidate of
        the pronoun's gender: its first candidate that can be a subject (not an object, a
        possessive, or after a preposition); None when that sentence has none. A sentence
        whose only candidate follows a preposition ("Seen 12/02 with Harvey.", a record's
        subjectless line) leaves the topic where it was: the subject of the sentence
        before it, if it has one, is preferred."""
        lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        best: Mention | None = None
        # (salience, gender known to agree): between two objects, a child whose gender is
        # unknown loses a tie to a person known to be of the pronoun's gender ("...spoken to
        # Jayden; all my contact is with Kirsty by phone. She thinks..."); between two
        # subjects the earlier still wins.
        best_rank: tuple[int, bool] = (-1, False)
        best_sent = -1  # the sentence being read
        earlier: Mention | None = None
        for m in reversed(seen):
            if m.start < window:
                break
            if m.start >= sent_start or not (
                m.male is male or (m.male is None and m.role == "child")
            ):
                continue
            if m.member >= 0 and m.member in exclude:
                continue
            s = bisect_right(starts, m.start)
            if best_sent >= 0 and s != best_sent:
                # Only the latest sentence with a candidate counts, unless it has no subject:
                # then the subject of the sentence before keeps the topic, over objects only
                # after prepositions, or over a child of unknown sex as an object ("Father
                # Dean Forsyth also our patient. Seen 14/10 - raised Tia-Rose with him. He
                # said...").
                unknown_object = best_rank[0] == 1 and best is not None and best.male is None
                if (best_rank[0] > 0 and not unknown_object) or s != best_sent - 1:
                    break
                if _salience(lower, m, seen) == 2 and (best_rank[0] == 0 or m.male is male):
                    earlier = m  # keep looking: the first subject of that sentence wins
                continue
            best_sent = s
            salience = _salience(lower, m, seen)
            if salience == 2 and _in_subordinate(lower, starts[s - 1] if s else 0, m.start):
                rank = (0, False)  # "I met Isla when her Lola brought her": Isla, not Lola
            else:
                rank = (salience, salience < 2 and m.male is male)
            if rank >= best_rank:  # ties go to the earlier mention
                best, best_rank = m, rank
        return earlier or best


_SUBJECT_PRONOUNS = frozenset({"he", "she"})
_TITLES = _TITLES_MALE | _TITLES_FEMALE
_SUBORDINATORS = frozenset(
    {"when", "if", "because", "although", "though", "while", "whilst", "as", "after",
     "before", "since", "until", "once", "whenever", "unless"}
)  # fmt: skip
_OBJECT_WORDS = frozenset({"him", "her", "them", "me", "us"})
_DETERMINERS = frozenset({"her", "his", "their", "my", "our", "your", "the"})


def _in_subordinate(lower: list[str], lo: int, i: int) -> bool:
    """Token i is in a subordinate clause of the sentence that starts at lo: after a
    subordinator later in the sentence, with no comma since ("I have met Isla when her
    Lola brought her"), or before the comma that closes a fronted one ("When Lola brought
    her, Isla..."). A main clause's people outrank a subordinate clause's for the next
    sentence's pronouns."""
    if lower[lo] in _SUBORDINATORS:
        return "," not in lower[lo:i]
    k = next((k for k in range(i - 1, lo, -1) if lower[k] in _SUBORDINATORS), None)
    # "On 18 October, when Reuben began screaming, she stopped...": a comma closes it
    return k is not None and "," not in lower[k:i]


_PREPOSITIONS = frozenset(
    {"to", "with", "over", "at", "for", "from", "about", "by", "on", "of", "towards", "toward",
     "around", "near", "after", "into", "like", "than", "and", "or"}
)  # fmt: skip
_OBJECT_AFTER = frozenset(
    {"visited", "met", "saw", "seen", "see", "asked", "told", "called", "collected", "took",
     "brought", "phoned", "rang", "emailed", "contacted", "interviewed", "spoke", "hitting",
     "hit", "grabbed", "pushed", "smacked", "meet", "visit", "ask", "interview",
     # verbs whose object is the one acted on: "put Nathaniel in danger", "involved Kai"
     "put", "left", "leave", "gave", "give", "placed", "kept", "keep", "let", "sent",
     "moved", "hurt", "harmed", "exposed", "neglected", "involved", "involve", "affected",
     "affect", "frightened", "scared", "upset", "protect", "protected", "support",
     "supported", "fed", "dressed", "bathed", "carried", "held", "picked", "dropped",
     "woke", "shook", "kicked", "slapped", "punched", "threatened", "blamed"}
)  # fmt: skip


def _nearest_other(
    seen: list[Mention], male: bool, exclude: frozenset[int], window: int
) -> Mention | None:
    """The nearest earlier person of the pronoun's gender who is not one its own sentence
    names ("Mr Hughes says he has not seen Kai": he is Mr Hughes, not Kai)."""
    for m in reversed(seen):
        if m.start < window:
            return None
        if m.male is male and not _same_person(m, exclude):
            return m
    return None


_APPOSITION = frozenset({",", "(", ")", "-", "\u2013", ":"})


def _appositions(mentions: list[Mention], lower: list[str]) -> list[Mention]:
    """ "Mr Kyle Marsh, father of Jessie and Ivy": a role word set beside a listed person's
    name (only punctuation between) is that person, so pronouns after it are too; so is
    one set before the name ("her dad, Andy Tanner, wants to be invited")."""
    out = list(mentions)
    for k, m in enumerate(out):
        if m.member >= 0 or m.pronoun:
            continue
        for j in (k - 1, k + 1):
            if not 0 <= j < len(out):
                continue
            other = out[j]
            lo, hi = (other.end, m.start) if j < k else (m.end, other.start)
            if (
                other.member >= 0
                and not other.pronoun
                and other.role == m.role
                and 1 <= hi - lo <= 2
                and all(w in _APPOSITION for w in lower[lo:hi])
            ):
                out[k] = m._replace(member=other.member)
                break
    return out


def _join_full_names(mentions: list[Mention], cast: Cast, lower: list[str]) -> list[Mention]:
    """ "Mr Ryan Hughes", "Ryan Hughes": a surname right after a name is the same person,
    even when another member shares it (the child Kai Hughes); the first name decides. The
    halves of a hyphenated name ("Tia-Rose") are one mention too."""
    if len(mentions) < 2 or not cast.by_name:
        return mentions
    out = [mentions[0]]
    for m in mentions[1:]:
        prev = out[-1]
        if (
            m.start == prev.end
            and not m.pronoun
            and not prev.pronoun
            and prev.member >= 0
            and m.end - m.start == 1
            and lower[m.start] in cast.by_name
        ):
            out[-1] = prev._replace(end=m.end)
            continue
        if (
            m.start == prev.end + 1
            and lower[prev.end] == "-"
            and m.member == prev.member >= 0
            and not (m.pronoun or prev.pronoun)
        ):
            out[-1] = prev._replace(end=m.end)  # a hyphenated name: "Tia-Rose"
            continue
        out.append(m)
    return out


def _fathered(cast: Cast, index: int, name: str) -> int:
    """Whose father "<name>'s father" is: the one listed as that child's, if any; the one
    father listed (index) unless the list makes him only another child's ("Jade's own
    dad", the listed man being her unborn baby's father)."""
    if index < 0:
        return cast.father_of.get(name, -1)
    named = cast.by_name.get(name)
    linked = cast.fathers_of.get(index)
    if named is None or named.child is None or not linked or named.child in linked:
        return index
    return cast.father_of.get(name, -1)


_UNBORN_WORDS = frozenset({"unborn", "baby", "pregnancy"})


def _placeholder(name: str) -> bool:
    return name.strip().lower().strip(".?") in _PLACEHOLDER_NAMES


_PLACEHOLDER_NAMES = frozenset(
    {"", "not known", "unknown", "n/k", "nk", "tbc", "not named", "name not known", "unnamed"}
)


def _first_name(member: Member) -> str | None:
    """An adult member's first name word, as the household list writes it."""
    if member.person is None or member.child:
        return None
    words = _words(member.person.name)
    return words[0] if words and words[0] in member.names else None


def kin_group(lower: list[str], m: Mention) -> bool:
    """A man named as the owner of a family group ("dad's side", "her father's side of the
    family", "dad's family"): his relatives are meant, not him, so he is neither addressed
    (checks/father.py) nor an antecedent for the pronouns after it."""
    end = m.end
    if end < len(lower) and lower[end] in _POSSESSIVE:
        end += 1  # the mention may hold its "'s" or not
    elif lower[end - 1] not in _POSSESSIVE:
        return False
    return end < len(lower) and lower[end] in _KIN_GROUPS


_POSSESSIVE = frozenset({"'s", "\u2019s"})
_KIN_GROUPS = frozenset({"side", "family", "relatives", "heritage", "culture", "background"})


def _co_argument(lower: list[str], m: Mention, i: int) -> bool:
    """An object pronoun just after a person with only a preposition between is
    someone else (binding principle B): "raised Tia-Rose with him", "took Kai and him"."""
    return (
        lower[i] in _OBJECT_PRONOUNS
        and m.end < i <= m.end + 2
        and all(lower[k] in _PREPOSITIONS for k in range(m.end, i))
    )


_OBJECT_PRONOUNS = frozenset({"him", "her", "them"})
# Words that end a clause or open another one between a subject and an object pronoun.
_CLAUSE_BREAKS = frozenset(
    {",", ";", ":", ".", "and", "but", "or", "that", "who", "which", "because", "when", "if",
     "so", "while", "whilst", "after", "before", "until", "since", "as", "said", "says",
     "told", "tells", "asked", "asks", "wants", "wanted", "to", "(", ")", "-", "\u2013"}
)  # fmt: skip


_SUBJECT_OPENERS = frozenset(
    {".", ",", ";", ":", "says", "said", "tells", "told", "reports", "reported", "thinks",
     "feels", "that"}
)  # fmt: skip


def _clause_subject(lower: list[str], m: Mention, i: int, seen: list[Mention]) -> bool:
    """m is the subject of the clause whose object is the pronoun at i, a few words on with
    no clause break or other person between: "Kai stays with him", "Dad hugged him"."""
    if lower[i] != "him" or m.pronoun or not 1 <= i - m.end <= 6 or _salience(lower, m) != 2:
        return False
    before = lower[m.start - 1] if m.start else "."
    if before not in _SUBJECT_OPENERS and "\n" not in before:
        return False  # a subject that opens its sentence or clause ("Mum says Kayden has...")
    # "to" right before the pronoun is a preposition ("goes to him"), not a new clause
    if any(
        lower[k] in _CLAUSE_BREAKS and not (k == i - 1 and lower[k] == "to")
        for k in range(m.end, i)
    ):
        return False
    return not any(m.end <= x.start < i for x in seen)


def _same_person(m: Mention, members: frozenset[int]) -> bool:
    return m.member >= 0 and m.member in members


def _companion(lower: list[str], m: Mention, seen: list[Mention]) -> bool:
    """ "with her mum", "with his dad": a person named as the company of the one the
    possessive points to, who stays the one a later "her"/"him" means."""
    k = m.start
    if m.pronoun or k < 2 or lower[k - 2] not in ("with", "alongside"):
        return False
    owner = next((o for o in reversed(seen[:-1]) if o.start == k - 1), None)
    return owner is not None and owner.pronoun and owner.male is m.male and owner.member >= 0


def _salience(lower: list[str], m: Mention, seen: Sequence[Mention] = ()) -> int:
    """How salient a mention leaves its person for the next sentence (centering): 2 for a
    subject, 1 for a verb's object ("I met Mr Carter"), 0 for a possessive ("Jayden's
    Saturdays") or a preposition's object ("with Stacey and Ryan"). An item of a list after
    a comma (of the people in ``seen``) is no more salient than the item before it: "with
    his mother, Ryan and the contact worker" leaves Ryan no subject."""
    first = lower[m.start]
    if first == "his" or (m.end < len(lower) and lower[m.end] in ("'s", "’s", "'", "’")):
        return 0
    at = m.start - 1
    if at > 0 and lower[at] in _DETERMINERS:
        at -= 1  # "with her mother present": the phrase follows the preposition
    prev = lower[at] if at >= 0 else ""
    if prev in _PREPOSITIONS:
        return 0
    own = 1 if first in _OBJECT_WORDS or prev in _OBJECT_AFTER or _past_verb(prev) else 2
    if seen and prev == "," and m.end < len(lower) and lower[m.end] in (",", *_LIST_JOINERS):
        item = _item_before(seen, m.start, at)
        if item is not None:
            return min(own, _salience(lower, item, seen))
    return own


_LIST_JOINERS = frozenset({"and", "or", "&"})
_NOT_VERBS_IN_ED = frozenset({"indeed", "hundred", "need", "speed", "seed", "shed", "bred"})


def _past_verb(word: str) -> bool:
    """A past verb right before a name makes it the verb's object ("raised Tia-Rose with
    him", "discussed Kai"), as the listed verbs do."""
    return len(word) > 4 and word.endswith("ed") and word.isalpha() and word not in _NOT_VERBS_IN_ED


def _item_before(seen: Sequence[Mention], start: int, at: int) -> Mention | None:
    """The person named just before the list word at ``at`` ("mother" in "his mother, Ryan")."""
    for x in reversed(seen):
        if x.start >= start or x.pronoun:
            continue
        if x.end == at:
            return x
        if x.end < at:
            return None
    return None


@Language.factory("cpc_people", requires=["doc._.hits"], assigns=["doc._.mentions"])
def make_people(nlp: Language, name: str) -> PeopleResolver:
    return PeopleResolver()
