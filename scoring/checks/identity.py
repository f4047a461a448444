"""identity-reflection: what ethnicity, culture, faith, language or identity mean for each child.

A listed fact ("White British, English") or a filler ("N/A", "no cultural issues") is not
reflection. A sentence counts when it holds an identity word and, separately, a reflection
word (means, important, impact, sense of belonging...) that is not part of the identity
words or a filler. Reflection in any section counts, but outside the identity section only
strong reflection words do ("because" there is usually about something else). A paragraph
of a family section under an identity label ("Identity: ...", "Culture and faith: ...") is
read as an identity section is, for the children it names (or all of them when it names
none): writers who point each child's identity section elsewhere ("See family and
network") put it there. A child's identity section that only points at the narrative ("See
narrative (family and network)") has the sentences about that child in the named sections
read as an identity section (weak cues and "takes after his dad" count, everyday care words
do not). A family sentence names an unborn baby by "the baby" and every child by "the
children".
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from functools import lru_cache

from spacy.tokens import Doc

from scoring.assessment import Finding
from scoring.checks import Context, Rule, check, child_findings
from scoring.nlp.context import NEGATION_WORDS, sentence_bounds, span_in_scope
from scoring.nlp.tokens import case_tells, token_range, written_as_name


@check(
    "identity-reflection",
    slots=(
        "identity",
        "everyday",
        "self",
        "reflection",
        "reflection_weak",
        "dismissive",
        "baby",
        "group",
    ),
    params=("section_min_words", "pointer_max_words", "pointer_cues", "pointer_targets"),
)
def identity_reflection(ctx: Context, rule: Rule) -> list[Finding]:
    """One finding per child with no reflection: a child's own sections reflect for that
    child; a family section's sentence for the children it names, or for all when it names
    none ("The children's dual heritage means..."). A child whose identity section only
    points to the narrative ("See family and network") has the sentences about them there
    read as their identity section is."""
    children = ctx.report.children
    keys = {c.key for c in children}
    reflected: set[str] = set()
    by_member = {i: m.child for i, m in enumerate(ctx.cast.members) if m.child in keys}
    unborn = [c.key for c in children if c.unborn]
    named = _Named(ctx, rule, by_member, unborn[0] if len(unborn) == 1 else None)
    pointed = _pointed_to(ctx, rule)
    # Which children are reflected does not depend on the order the sections are read in
    # (each adds the children it reflects; those already reflected are only skipped), so
    # the children's own identity sections go first: most reflect, and the rest is then
    # not read.
    sections = list(ctx.sections())
    own_first = [s for s in sections if s[0] == "identity"]
    own_first += [s for s in sections if s[0] != "identity"]
    for section, doc in own_first:
        own = doc.user_data.get("child")
        if own in reflected:
            continue
        if section == "identity" and _section_reflects(ctx, rule, doc):
            reflected.add(own or "")
            continue
        if own is None:
            for lo, hi in _identity_blocks(doc):
                if _reflects_within(ctx, rule, doc, lo, hi):
                    reflected |= named(doc, lo, hi) or keys
            for key in sorted(pointed.get(section, set()) - reflected):
                if any(
                    _reflects_within(ctx, rule, doc, lo, hi, everyday=False)
                    for lo, hi in _runs_about(doc, named, key)
                ):
                    reflected.add(key)
        for s_start, s_end in _reflecting_sentences(ctx, rule, section, doc):
            if own is not None:
                reflected.add(own)
                break
            reflected |= named(doc, s_start, s_end) or keys
        if keys <= reflected:
            return []
    missing = [c for c in children if c.key not in reflected]
    return child_findings(rule, "identity", missing, len(children))


class _Named:
    """The children a stretch of a family section names: by name or a pronoun resolved to
    them, an unborn baby (the report's only one) by "the baby", "the new baby", and every
    child by "the children", "all four" ("Keeley, like the other children, ...")."""

    def __init__(
        self, ctx: Context, rule: Rule, by_member: Mapping[int, str | None], unborn: str | None
    ) -> None:
        self.ctx, self.rule, self.by_member, self.unborn = ctx, rule, by_member, unborn
        self.every = {c.key for c in ctx.report.children}
        self._doc: Doc | None = None

    def _index(self, doc: Doc) -> None:
        """Per section, once: where children are named (sorted), "the children", "the baby"."""
        if self._doc is doc:
            return
        self._doc = doc
        named = [
            (m.start, key)
            for m in doc.user_data.get("mentions") or ()
            if (key := self.by_member.get(m.member)) is not None
        ]
        if self.unborn is not None:
            named += [(s, self.unborn) for s, _ in self.ctx.hits(doc, self.rule, "baby")]
        named.sort()
        self._starts = [s for s, _ in named]
        self._keys = [k for _, k in named]
        self._groups = sorted(s for s, _ in self.ctx.hits(doc, self.rule, "group"))

    def __call__(self, doc: Doc, lo: int, hi: int) -> set[str]:
        self._index(doc)
        if bisect_left(self._groups, hi) > bisect_left(self._groups, lo):
            return set(self.every)
        return set(self._keys[bisect_left(self._starts, lo) : bisect_left(self._starts, hi)])


def _pointed_to(ctx: Context, rule: Rule) -> dict[str, set[str]]:
    """Family section -> the children whose identity section only points there, or is
    blank (every narrative section): a short text with a pointing word ("see", "covered
    under") and a section's name ("See narrative (family and network)"). "See ethnicity
    above" names no section: it points at a listed fact, not at anything written about
    the child."""
    max_words = int(rule.params.get("pointer_max_words", 0))
    cues = tuple(str(c) for c in rule.params.get("pointer_cues") or ())
    targets: Mapping[str, list[str]] = rule.params.get("pointer_targets") or {}
    found: dict[str, set[str]] = {}
    # An identity section left blank points nowhere in particular: the narrative is where
    # a writer who skipped the box may have reflected ("Mo fasted through Ramadan ... said
    # he didn't want any special arrangements").
    for child in ctx.report.children:
        if not (child.section("identity") or "").strip():
            for section in targets.get("narrative", ()):
                found.setdefault(section, set()).add(child.key)
    short = [
        (child.key, text.lower())
        for child in ctx.report.children
        if (text := child.section("identity")) and len(text.split()) <= max_words
    ]
    if not short or not cues or not targets:
        return found
    cue, names = _pointer_patterns(cues, tuple(targets))
    for key, text in short:
        if not cue.search(text):
            continue
        for name in names.findall(text):
            for section in targets[name]:
                found.setdefault(section, set()).add(key)
    return found


@lru_cache(maxsize=4)
def _pointer_patterns(
    cues: tuple[str, ...], names: tuple[str, ...]
) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The pointing words and the section names as two regexes (longest name first)."""
    alternation = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return (
        re.compile(r"\b(?:" + "|".join(map(re.escape, cues)) + r")\b"),
        re.compile(r"\b(" + alternation + r")\b"),
    )


def _runs_about(doc: Doc, named: _Named, key: str) -> list[tuple[int, int]]:
    """Token ranges of consecutive sentences that name the child (by name, pronoun or, for
    an unborn baby, "the baby"). A run that opens by pointing back ("I think this is a
    big part of why Denisa's jabs keep being missed") takes in its paragraph, or at least
    the sentence before ("Our letters only go out in English and mum can't read them")."""
    runs: list[tuple[int, int]] = []
    bounds = sentence_bounds(doc)
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    idx: list[int] = doc.user_data.get("idx") or [t.idx for t in doc]
    src: str = doc.user_data["src"]
    for k, (lo, hi) in enumerate(bounds):
        if key not in named(doc, lo, hi):
            continue
        if k and _DEMONSTRATIVES.intersection(lower[lo : min(lo + 4, hi)]):
            # back to the start of its paragraph, at least the sentence before
            para = src.rfind("\n", 0, idx[lo]) + 1
            lo = min(bounds[k - 1][0], bisect_left(idx, para))
        if runs and runs[-1][1] >= lo:
            runs[-1] = (runs[-1][0], hi)
        else:
            runs.append((lo, hi))
    return runs


_DEMONSTRATIVES = frozenset({"this", "that", "these", "it"})


def _not_sources(doc: Doc, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Identity words less those naming where information came from ("mother's account via
    interpreter", "spoken to through an interpreter"): a source, not a reflection on
    language. "I used an interpreter at every visit, because..." still counts. Less, too,
    a word inside the capitalised name of a thing ("a Community Protection Warning", "the
    Black Country Partnership"): a capital word after it that is not itself an identity
    word makes it part of a title ("White British" and "Muslim Community" stay)."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    orth: list[str] = doc.user_data.get("orth") or [t.text for t in doc]
    starts = {s for s, _ in spans}
    cased = case_tells(doc)
    return [
        (s, e)
        for s, e in spans
        if not (
            (s >= 1 and lower[s - 1] == "via")
            or (s >= 2 and lower[s - 2] == "through" and lower[s - 1] in ("an", "the", "a"))
            or (
                cased
                and e - s == 1
                and e < len(orth)
                and orth[s][:1].isupper()
                and e not in starts
                and orth[e][:1].isupper()
                and orth[e][1:].islower()
                and orth[e].isalpha()
            )
            or _colour_of_a_thing(lower, orth, s, e, starts)
        )
    ]


# After an identity word, a clinical or service thing ("ADHD treatment").
_CLINICAL_AFTER = frozenset(
    {"treatment", "medication", "meds", "diagnosis", "assessment", "referral", "clinic",
     "pathway", "screening", "nurse", "team", "service", "services", "waiting"}
)  # fmt: skip
# What a group's own service is called after its possessive: "the young carers' taster
# session" ("a church group" stays about faith).
_SERVICE_AFTER_POSSESSIVE = _CLINICAL_AFTER | frozenset(
    {"session", "sessions", "group", "groups", "project", "worker", "workers", "centre",
     "center", "club", "programme", "hub"}
)  # fmt: skip
_POSSESSIVE_MARKS = frozenset({"'", "'s", "\u2019", "\u2019s"})


def _names_a_service(lower: list[str], e: int) -> bool:
    """The identity words name a service or its sessions: "ADHD treatment", "the autism
    team", "the young carers' taster session" (one word may come after a possessive)."""
    if e < len(lower) and lower[e] in _POSSESSIVE_MARKS:
        after = lower[e + 1 : e + 3]
        return bool(after) and (
            after[0] in _SERVICE_AFTER_POSSESSIVE
            or (len(after) == 2 and after[0].isalpha() and after[1] in _SERVICE_AFTER_POSSESSIVE)
        )
    return e < len(lower) and lower[e] in _CLINICAL_AFTER


_COLOURS = frozenset({"black", "white", "brown"})
# What a colour word describes when it is about people: "Black British", "black boys",
# "a white family", "her brown skin"; "black mould" and "a black eye" are about things.
_PEOPLE_AFTER = frozenset(
    {"boy", "boys", "girl", "girls", "man", "men", "woman", "women", "child", "children",
     "family", "families", "people", "person", "community", "communities", "heritage",
     "mother", "father", "mum", "dad", "parent", "parents", "young", "youth", "teenager",
     "skin", "hair", "identity", "culture", "staff", "professionals", "and", "or", "other",
     "majority", "minority", "british", "african", "caribbean", "irish", "european", "side"}
)  # fmt: skip


# Before a colour word, how much of a group it describes: about people, whatever the noun.
_PROPORTIONS = frozenset(
    {"mostly", "mainly", "predominantly", "largely", "overwhelmingly", "almost", "entirely",
     "nearly", "majority", "all-"}
)  # fmt: skip


def _colour_of_a_thing(lower: list[str], orth: list[str], s: int, e: int, starts: set[int]) -> bool:
    """ "black mould", "white board": a colour word before a word that is not a person,
    a people or another identity word describes a thing."""
    if e - s != 1 or lower[s] not in _COLOURS or e >= len(lower):
        return False
    if s >= 1 and lower[s - 1] in _PROPORTIONS:
        return False  # "a mostly white dance school": who is in it
    after = lower[e]
    return after.isalpha() and after not in _PEOPLE_AFTER and e not in starts


def _reflecting_sentences(
    ctx: Context, rule: Rule, section: str, doc: Doc
) -> list[tuple[int, int]]:
    """Sentences with an identity word and, apart from it, a reflection word that is not a
    filler (outside the identity section only strong reflection words count)."""
    identity = _not_sources(doc, ctx.hits(doc, rule, "identity"))
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    if section == "identity":
        identity = identity + ctx.hits(doc, rule, "everyday") + ctx.hits(doc, rule, "self")
    else:
        # Outside the identity section "ADHD treatment" or "the autism team" names a
        # clinical or service thing, not who the child is.
        identity = [(s, e) for s, e in identity if not _names_a_service(lower, e)]
    if not identity:
        return []
    reflection = _affirmed(doc, _not_names(doc, ctx.hits(doc, rule, "reflection")))
    if section == "identity":
        reflection += _not_names(doc, ctx.hits(doc, rule, "reflection_weak")) + _advice(doc)
    dismissive = ctx.hits(doc, rule, "dismissive")
    children_at = _children_at(doc)
    found = []
    previous: tuple[int, int] | None = None  # the last sentence with an identity word
    for s_start, s_end in sentence_bounds(doc):
        ident = [(s, e) for s, e in identity if s_start <= s < s_end]
        if not ident:
            if (
                previous is not None
                and _points_back(lower, s_start, s_end)
                and any(s_start <= s < s_end for s, _ in reflection)
            ):
                # "Being Catholic is a big thing for the family. I think it matters
                # because...": the reflection takes up the sentence before it.
                found.append((previous[0], s_end))
            previous = None
            continue
        previous = (s_start, s_end)
        covered = {i for s, e in ident for i in range(s, e)}
        covered |= {i for s, e in dismissive if s_start <= s < s_end for i in range(s, e)}
        if (
            s_end - s_start >= 6
            and any(
                s_start <= s < s_end and not covered.intersection(range(s, e))
                for s, e in reflection
            )
            and not _in_general(lower, ident, children_at, s_start, s_end)
        ):
            found.append((s_start, s_end))
    return found


# Identity words that name no one's identity in particular.
_GENERAL = frozenset(
    {"identity", "identities", "community", "communities", "culture", "cultural", "culturally",
     "background", "ethnicity", "ethnic"}
)  # fmt: skip


def _in_general(
    lower: list[str],
    ident: list[tuple[int, int]],
    children_at: set[int],
    lo: int,
    hi: int,
) -> bool:
    """A sentence about identity in general, with no child in it and no identity named or
    owned: "identity is shaped across family, school and community systems (Bronfenbrenner,
    1979)" is theory, not a reflection on this child ("the family's culture" is theirs)."""
    return all(
        lower[s] in _GENERAL and not (s >= 1 and lower[s - 1] in _OWNERS) for s, _ in ident
    ) and not any(lo <= c < hi for c in children_at)


# Whose a general identity word is ("the family's culture", "their community").
_OWNERS = frozenset({"'s", "\u2019s", "his", "her", "their", "our", "my", "its"})


_POINTERS = frozenset({"it", "this", "that", "which"})
_OPINION_OPENERS = frozenset({"i", "think", "feel", "believe", "so", "and", "but"})


def _points_back(lower: list[str], lo: int, hi: int) -> bool:
    """The sentence opens ("I think" aside) with a word pointing at the one before: "It
    matters because...", "I think this means..."."""
    k = lo
    while k < hi and (lower[k] in _OPINION_OPENERS or not lower[k].strip()):
        k += 1
    return k < hi and lower[k] in _POINTERS


# A line that opens with an identity label: "Identity:", "Culture and faith -", "Child's
# identity:"; the paragraph runs to a blank line or the next line that opens with a label.
_IDENTITY_LABEL = re.compile(
    r"^[ \t]*[-*•]?[ \t]*(?:the )?(?:child(?:ren)?(?:'s|’s|s'|s’)? )?"
    r"(?:identity|culture|cultural|ethnicity|heritage|diversity|faith|religion)\b[^:\n]{0,40}:",
    re.IGNORECASE | re.MULTILINE,
)
_NEXT_LABEL = re.compile(r"\n[ \t]*\n|\n[ \t]*[-*•]?[ \t]*[A-Z][A-Za-z'’ ]{0,40}:")


def _identity_blocks(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of the paragraphs under an identity label."""
    text: str = doc.user_data["src"]
    blocks = []
    for m in _IDENTITY_LABEL.finditer(text):
        nxt = _NEXT_LABEL.search(text, m.end())
        tokens = token_range(doc, m.start(), nxt.start() if nxt else len(text))
        if tokens is not None:
            blocks.append(tokens)
    return blocks


def _reflects_within(
    ctx: Context, rule: Rule, doc: Doc, lo: int, hi: int, everyday: bool = True
) -> bool:
    """An identity paragraph reflects as an identity section does (_section_reflects):
    identity words, and a reflection word (weak ones too) that is not one of them. Read for
    a child whose identity section points at a narrative (everyday=False), everyday words
    ("food", "clothes") stay about care: the narrative is not about identity throughout."""
    both = _not_sources(doc, ctx.hits(doc, rule, "identity")) + ctx.hits(doc, rule, "self")
    if everyday:
        both += ctx.hits(doc, rule, "everyday")
    identity = [(s, e) for s, e in both if lo <= s < hi]
    if not identity:
        return False
    covered = {i for s, e in identity + ctx.hits(doc, rule, "dismissive") for i in range(s, e)}
    cues = _affirmed(doc, _not_names(doc, ctx.hits(doc, rule, "reflection")))
    cues += _not_names(doc, ctx.hits(doc, rule, "reflection_weak"))
    return any(lo <= s < hi and not covered.intersection(range(s, e)) for s, e in cues)


def _section_reflects(ctx: Context, rule: Rule, doc: Doc) -> bool:
    """A substantial identity section reflects even when no single sentence holds both parts:
    practitioners write the facts in one sentence and what they mean in the next."""
    words = list(filter(str.isalpha, doc.user_data.get("lower") or ()))
    if len(words) < int(rule.params.get("section_min_words", 30)):
        return False
    identity = _not_sources(doc, ctx.hits(doc, rule, "identity")) + ctx.hits(doc, rule, "everyday")
    identity += ctx.hits(doc, rule, "self")
    covered = {i for s, e in identity + ctx.hits(doc, rule, "dismissive") for i in range(s, e)}
    cues = _affirmed(doc, _not_names(doc, ctx.hits(doc, rule, "reflection")))
    cues += _not_names(doc, ctx.hits(doc, rule, "reflection_weak")) + _advice(doc)
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return (
        bool(identity)
        and any(not covered.intersection(range(s, e)) for s, e in cues)
        and not _in_general(lower, identity, _children_at(doc), 0, len(lower))
    )


def _children_at(doc: Doc) -> set[int]:
    return {m.start for m in doc.user_data.get("mentions") or () if m.role in ("child", "sibling")}


_CLAUSE_OPEN = frozenset({".", ";", ":", "-", "\u2013", "!", "?"})


def _advice(doc: Doc) -> list[tuple[int, int]]:
    """A negative instruction to the professionals that opens a clause: "Use them; don't
    sideline them for their faith", "Never assume she is Muslim because...": advice on
    what the child's identity means for the work, like "should" or "must"."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    found = []
    for k, w in enumerate(lower):
        if w not in ("do", "never") or (
            k and lower[k - 1] not in _CLAUSE_OPEN and "\n" not in lower[k - 1]
        ):
            continue
        if w == "never":
            found.append((k, k + 1))
        elif k + 1 < len(lower) and lower[k + 1] in ("n't", "not", "n’t"):
            found.append((k, k + 2))
    return found


_EFFECT_WORDS = frozenset(
    {
        "impact",
        "impacts",
        "affect",
        "affects",
        "matter",
        "matters",
        "mean",
        "means",
        "important",
        "importance",
        "influence",
        "influences",
        "relevant",
    }
)


def _not_names(doc: Doc, hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The cues not written as part of a name ("Deaf Connect", the charity, is no
    connection)."""
    return [(s, e) for s, e in hits if not written_as_name(doc, s, e)]


def _affirmed(doc: Doc, cues: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "No cultural needs that would impact on her care": a denied effect reflects nothing.
    Only the effect words are dropped when negated; "agreed to things she did not understand"
    still says what the language barrier means for her."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return [
        (s, e)
        for s, e in cues
        if not (
            lower[s] in _EFFECT_WORDS
            and span_in_scope(doc, s, e, "negated")
            and not _negation_in_its_clause(lower, s, e)
        )
    ]


def _negation_in_its_clause(lower: list[str], s: int, e: int) -> bool:
    """ "It matters that he isn't left outside his sibling's family": the negation is in
    the clause the effect word opens, and denies nothing of it ("It doesn't matter that"
    does)."""
    return (
        e < len(lower)
        and lower[e] == "that"
        and not NEGATION_WORDS.intersection(lower[max(s - 3, 0) : s])
    )
