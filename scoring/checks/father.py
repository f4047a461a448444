"""father-absent: is every father and male carer addressed?

Each father, and each male carer who lives with the child, in the household list is a
person to address; a father or partner the text mentions who is not on the list is one
too ("mother has a new partner"). Mentions come from the people component (names, "dad",
"Mr X", "mum's partner", pronouns). A mention addresses its person when, near it in the
sentence, an engagement word is not negated (seen, spoke, his views, collects her) or an
explanation is given ("in custody", "declined", "by letter"). "No concerns about dad" and
"lives with mum and dad" are neither. The household fields seen/views_sought count too,
and so does the report-sharing record naming him (gone through with him, or his feedback
recorded; a copy only posted to him does not). The child's own father is always someone to
address: where neither the list nor the text names him, a stepfather or partner addressed
does not stand in for him (his absence, explained, would).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from scoring.assessment import Finding
from scoring.calendar import age_in_months
from scoring.checks import Context, Rule, check, report_finding
from scoring.nlp.context import in_scope, sentence_of
from scoring.nlp.people import (
    MALE_ROLES,
    Member,
    Mention,
    father_segments,
    kin_group,
    name_words,
)
from scoring.nlp.tokens import case_tells

_CARER_ROLES = frozenset({"father", "male_carer"})


_CARER_WORDS = frozenset(
    {
        "step",
        "stepdad",
        "stepfather",
        "step-dad",
        "step-father",
        "mother",
        "mum",
        "mother's",
        "mum's",
        "boyfriend",
        "new",
        "her",
    }
)
_NOT_CURRENT = frozenset(
    {"previous", "former", "ex", "ex-", "old", "past", "a", "another", "then", "one-time"}
)  # "her then partner": who he was at the time


def _unlisted_carer(doc: Doc, m: Mention) -> bool:
    """A father, or a partner of the mother's, that the text presents as part of the family
    (by a role word: a pronoun only carries on about whoever its antecedent was)."""
    if m.pronoun:
        return False
    if m.role == "father":
        return True
    lower: list[str] = doc.user_data["lower"]
    words = set(lower[max(m.start - 2, 0) : m.end])
    last = lower[m.end - 1]
    if last != doc.user_data["lemma"][m.end - 1] or words & _NOT_CURRENT:
        return False  # plural ("boyfriends") or not current ("a previous partner")
    return bool(words & _CARER_WORDS) or last in ("stepdad", "stepfather", "boyfriend")


def _listed_role(doc: Doc, m: Mention, listed_roles: set[str]) -> bool:
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return lower[m.end - 1] in listed_roles and lower[m.end - 1] not in ("father", "dad")


_SPEECH_HITS = ("speech-verbs", "feeling-words")  # what utterances start from


def _in_others_words(doc: Doc, m: Mention) -> bool:
    """A man named inside someone's quoted words ("Liam grabbed me") or inside what the
    child said or wished ("he said he wanted to see his dad more") is theirs, not the
    author addressing him; an "I" or "we" after the child's verb brings the author back
    ("Kai wants to see his dad and I have written to him")."""
    quotes: list[tuple[int, int]] = doc.user_data.get("quotes") or []
    if any(qs <= m.start < qe for qs, qe in quotes):
        return True
    # Only a speech or feeling word before him in his sentence can make him someone's
    # words; where there is none, the section's utterances need not be worked out.
    first = sentence_of(doc, m.start)[0]
    hits = doc.user_data.get("hits") or {}
    if not any(first <= s < m.start for key in _SPEECH_HITS for s, _ in hits.get(key, ())):
        return False
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return any(
        u.speaker == "child"
        and u.kind in ("speech", "feeling")
        and u.sent[0] <= m.start < u.sent[1]
        and u.start < m.start
        and not any(w in ("i", "we") for w in lower[u.end : m.start])
        for u in doc.user_data.get("utterances") or ()
    )


def _said_to_be_none(doc: Doc, m: Mention) -> bool:
    """ "there is no father or male carer in his life", "Liam has no new partner (asked)":
    the author has addressed the question by saying there is no such man."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return not m.pronoun and m.start >= 1 and lower[m.start - 1] in ("no", "without")


_DENIAL_STEPS = frozenset({"'s", "’s", "his", "her", "their", "the"})


def _denied(doc: Doc, m: Mention) -> bool:
    """ "her ex-partner Lee Dawson (not Brad's dad), who has not lived at the house...":
    the words are about another man, and say nothing of the father."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    named = case_tells(doc)  # in a text in capitals every word looks like a name
    k = m.start - 1
    while (
        k >= 0
        and m.start - k <= 3
        and (lower[k] in _DENIAL_STEPS or (named and doc[k].text[:1].isupper()))
    ):
        k -= 1
    return k >= 0 and lower[k] == "not" and not m.pronoun


def _husband(doc: Doc, m: Mention) -> bool:
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return lower[m.end - 1] == "husband"


def _someone_elses_partner(doc: Doc, mentions: list[Mention], k: int) -> bool:
    """ "Bridget's sister Nora Ward and her husband Martin": a partner word after "her" or
    "his", whose nearest named person just before is someone other than the mother or the
    child, is that person's partner, not a carer of the child."""
    m = mentions[k]
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    before = m.start - 1
    if before < 0 or lower[before] not in ("her", "his"):
        return False
    owner = next((o for o in reversed(mentions[:k]) if not o.pronoun and o.end <= before), None)
    return (
        owner is not None
        and before - owner.end <= _OWNER_REACH
        and owner.role not in ("mother", "parents", "child")
        and not any(w in (".", ";", "\n") for w in lower[owner.end : before])
    )


_OWNER_REACH = 3  # tokens between a named person and "her husband"


def _same_as_listed(doc: Doc, mentions: list[Mention], k: int) -> bool:
    """ "her partner Kyle (Lily's dad)", "Kyle, her partner,": a role noun in apposition to
    the name of a man on the household list (nothing but punctuation between) is that man."""
    m = mentions[k]
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    for step in (-1, 1):
        j = k + step
        # "Mr Tariq Hussain, her husband": the possessive before the role noun is part of
        # it, not the neighbour.
        while (
            0 <= j < len(mentions)
            and mentions[j].pronoun
            and lower[mentions[j].start] in _POSSESSIVES
        ):
            j += step
        if 0 <= j < len(mentions):
            other = mentions[j]
            lo, hi = (m.end, other.start) if j > k else (other.end, m.start)
            between = lower[lo:hi] if lo <= hi else ["?"]
            if (
                other.member >= 0
                and other.role in MALE_ROLES
                and len(between) <= 3
                and all(w in _APPOSITION or w in _POSSESSIVES for w in between)
            ):
                return True
    return False


_APPOSITION = frozenset({",", "(", ")", "-", "\u2013", ":"})
_POSSESSIVES = frozenset({"her", "his", "their"})


_NEW_MAN = frozenset({"new", "boyfriend", "step", "stepdad", "stepfather", "step-dad"})


def _says_near(doc: Doc, m: Mention, back: int, words: frozenset[str]) -> bool:
    """One of words is in the mention or the `back` tokens before it ("her new partner")."""
    return bool({t.lower_ for t in doc[max(m.start - back, 0) : m.end]} & words)


def _new_man(doc: Doc, m: Mention) -> bool:
    return _says_near(doc, m, 2, _NEW_MAN)


_TEEN_YEARS = 12


def _teenagers(ctx: Context) -> frozenset[int]:
    """The cast members who are children of the report aged 12 or more."""
    on = ctx.report.conference.date
    keys = {
        c.key
        for c in ctx.report.children
        if (age_in_months(c.date_of_birth, on) or 0) >= _TEEN_YEARS * 12
    }
    return frozenset(i for i, m in enumerate(ctx.cast.members) if m.child in keys)


_OWN_PARTNER = frozenset({"boyfriend", "partner", "husband", "fiance", "fiancé"})


def _a_teens_partner(doc: Doc, mentions: list[Mention], k: int, teens: frozenset[int]) -> bool:
    """ "asked that I do not call Jay her boyfriend": a partner word whose "her" or "his"
    is a teenage child of the report is that child's own partner, not a carer."""
    start = mentions[k].start
    if doc[mentions[k].end - 1].lower_ not in _OWN_PARTNER:
        return False
    owner = next((p for p in reversed(mentions[:k]) if p.end <= start), None)
    return owner is not None and owner.end == start and owner.pronoun and owner.member in teens


_STEP_WORDS = frozenset({"stepdad", "stepfather", "step-dad", "step-father", "step"})
_PARTNER_WORDS = frozenset({"partner", "husband", "boyfriend", *_STEP_WORDS})


_APART = frozenset({"separately", "elsewhere", "apart", "away"})


def _lives_apart(doc: Doc, m: Mention) -> bool:
    """ "Her boyfriend does not live with them", "mum's partner lives separately": a man
    the text puts outside the home is, like one the household list does, not a carer to
    address (a man who lives with the child is)."""
    lemma: list[str] = doc.user_data["lemma"]
    lower: list[str] = doc.user_data["lower"]
    hi = min(sentence_of(doc, m.start)[1], m.end + 6)
    for i in range(m.end, hi):
        if lemma[i] == "live":
            return in_scope(doc, i, "negated") or (i + 1 < len(lower) and lower[i + 1] in _APART)
    return False


def _step_word(doc: Doc, m: Mention) -> bool:
    return _says_near(doc, m, 1, _STEP_WORDS)


def _step_father(ctx: Context) -> int | None:
    """The man on the household list whom a child's "stepdad" means: one who lives with
    the children and is their mother's partner, or the father of only some of them (the
    others' stepfather)."""
    everyone = {c.key for c in ctx.report.children}
    for i, member in enumerate(ctx.cast.members):
        person = member.person
        if member.role not in MALE_ROLES or person is None or person.lives_with_child is False:
            continue
        if set(name_words(person.relationship)) & _PARTNER_WORDS or (
            member.role == "father" and _linked_children(ctx, member) < everyone
        ):
            return i
    return None


def _negated(doc: Doc, i: int, negators: list[tuple[int, int]], s_end: int) -> bool:
    # "his views were not sought": the negation follows the word it negates.
    return in_scope(doc, i, "negated") or any(i < n <= i + 4 and n < s_end for n, _ in negators)


# A record's entry about a man: his name, then a dash or colon, then notes on him.
_ENTRY_MARKS = frozenset({"-", "\u2013", "\u2014", ":"})


# What a record's entry says a man is, after his name and a comma or a bracket.
_WHO_HE_IS = frozenset(
    {"father", "dad", "stepfather", "stepdad", "step-father", "step-dad", "partner",
     "boyfriend", "husband"}
)  # fmt: skip


def _line_end(doc: Doc, i: int) -> int:
    """The token that ends token i's line (a new line), or the end of the section."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return next((k for k in range(i, len(lower)) if "\n" in lower[k]), len(lower))


def _addresses(ctx: Context, rule: Rule, doc: Doc, m: Mention, before: int, after: int) -> bool:
    s_start, s_end = sentence_of(doc, m.start)
    lo, hi = max(s_start, m.start - before), min(s_end, m.end + after)
    hearsay = ctx.hits(doc, rule, "hearsay")
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    explanations = [
        s
        for s, e in ctx.hits(doc, rule, "explanation")
        if s_start <= s < s_end
        and not any(hs < e and s < he for hs, he in hearsay)
        and not _marked_undone(lower, s, _line_end(doc, s))
    ]
    if any(lo <= s < hi for s in explanations):
        return True
    # A sentence that opens with him, or a record's line that is an entry about him (his
    # name, a dash or colon, notes), is about him ("Patrick (Ruby's dad) - Michelle says he
    # is back in Ireland for the winter; school have an old number, no reply from it in
    # Dec.", "Arif Hussain - Jayden's dad. Not seen. Mum says no contact since 2024..."):
    # an explanation anywhere after him in it explains his absence.
    # "Chidera's father, Mr Obinna Nwosu, resides in Lagos...": whose father he is may
    # come first; the sentence still opens with him
    if m.start <= s_start + 1 or (
        m.start - s_start <= 3 and lower[m.start - 1] in ("'s", "\u2019s")
    ):
        if any(s > m.start for s in explanations):
            return True
        end = _line_end(doc, m.start)
        labelled = any(w in _ENTRY_MARKS for w in lower[m.end : min(m.end + 3, end)]) or (
            # "Michael Ward, Tommy's father. No contact since 2022...": his name, then who
            # he is, opens the entry as a dash would
            m.end < end
            and lower[m.end] in (",", "(")
            and bool(_WHO_HE_IS.intersection(lower[m.end : min(m.end + 7, end)]))
        )
        if labelled and any(
            m.start < s < end and not any(hs < e and s < he for hs, he in hearsay)
            for s, e in ctx.hits(doc, rule, "explanation")
        ):
            return True
    if any(s_start <= s < s_end for s, _ in hearsay) and _absence_reported(doc, s_start, s_end):
        return True
    all_hits = doc.user_data.get("hits") or {}
    negators = [h for k, v in all_hits.items() if k.startswith("ctx:negated") for h in v]
    engagement = [s for s, _ in ctx.hits(doc, rule, "engagement") if lo <= s < hi]
    # "Mr Booth, married to Ms Haddad in 2022; not seen or contacted by us on police advice":
    # his absence said near him is explained later in the sentence, past the window.
    if explanations and any(
        _negated(doc, s, negators, s_end) and any(x > s for x in explanations) for s in engagement
    ):
        return True
    dismissive = {
        i
        for ds, de in ctx.hits(doc, rule, "dismissive")
        if s_start <= ds < s_end
        for i in range(ds, de)
    }
    # "Mum says Marcus is a good dad": someone else speaking about him does not engage him.
    # "The social worker has spoken to him" is spoken to him, not about him.
    others_speak = {
        u.start
        for u in doc.user_data.get("utterances") or ()
        if u.kind == "speech"
        and u.speaker is not None
        and u.speaker not in MALE_ROLES
        and lo <= u.start < hi
        and not (lower[u.end : u.end + 1] in (["to"], ["with"]) and u.end + 1 == m.start)
    }
    return any(
        not (m.start <= s < m.end)
        and s not in dismissive
        and s not in others_speak
        and not _negated(doc, s, negators, s_end)
        and not _marked_undone(lower, s, _line_end(doc, s))
        for s in engagement
    )


# A status after a dash or colon that says the item was not carried out.
_UNDONE = ("not done", "not completed", "not complete", "not achieved", "not started",
           "not happened", "not taken place", "not yet", "incomplete", "outstanding")  # fmt: skip


def _marked_undone(lower: list[str], s: int, end: int) -> bool:
    """ "Coordinator to invite Brad's father to the review FGC – Not done.": an update
    after a dash or colon on the engagement word's line says it never happened (the whole
    update: "- not yet replied" is an invitation sent)."""
    for k in range(s + 1, end):
        if lower[k] not in _ENTRY_MARKS:
            continue
        for status in _UNDONE:
            n = status.count(" ") + 1
            after = k + 1 + n
            if " ".join(lower[k + 1 : after]) == status and (
                after >= end or not lower[after][:1].isalnum()
            ):
                return True
    return False


_SHARING_NEGATORS = frozenset({"not", "no", "nor", "without", "except", "never", "nothing"})
_SHARING_WORD = re.compile(r"[A-Za-z][A-Za-z'\u2019-]*|[;,.()\n]")
_LIST_BREAKS = frozenset({";", ",", ".", "(", ")", "\n", "and"})


# Words of a copy delivered rather than gone through with someone.
_DELIVERED = frozenset(
    {"posted", "post", "sent", "emailed", "email", "copy", "letter", "forwarded", "left"}
)


def _only_delivered(lower: list[str], k: int) -> bool:
    """ "mother; copy posted to Mr Kowalski": the words since the list break before the
    name say a copy was delivered to him."""
    start = k
    while start > 0 and k - start < 6 and lower[start - 1] not in _LIST_BREAKS:
        start -= 1
    return any(w in _DELIVERED for w in lower[start:k])


def _in_sharing_record(ctx: Context, persons: dict[object, bool]) -> list[int]:
    """The listed men the report-sharing record names: the report was gone through with
    him ("with_whom: mother and Mr Hughes") or his feedback on it is recorded ("Mr Hughes
    said he would like Kai to stay with him"). His views were sought, as much as the
    household field says. A copy only delivered to him ("copy posted to Mr Kowalski") is
    not: it records no view of his. He is named by his full or first name, "Mr" and his
    surname, or "<child>'s father"; a negation just before the name ("nothing from
    Mr Hughes", "not Marcus") does not count."""
    shared = ctx.report.shared_with_family
    if shared is None:
        return []
    text = f"{shared.with_whom}\n{shared.feedback}"
    if not text.strip():
        return []
    words = _SHARING_WORD.findall(text)
    lower = [w.lower().replace("\u2019", "'") for w in words]
    members = ctx.cast.members
    wanted = [i for i, ok in persons.items() if isinstance(i, int) and not ok]
    found: list[int] = []
    for i in wanted:
        person = members[i].person
        if person is None:
            continue
        own = name_words(person.name)
        others = {w for j, m in enumerate(members) if j != i for w in m.names}
        # Surname and first name only where no one else on the list shares them.
        first = own[0] if own and own[0] not in others else None
        last = own[-1] if len(own) > 1 and own[-1] not in others else None
        surname_any = own[-1] if len(own) > 1 else None
        fathered = {name for name, j in ctx.cast.father_of.items() if j == i}
        for k, w in enumerate(lower):
            hit = (
                (first is not None and w == first and words[k][:1].isupper())
                or (last is not None and w == last and words[k][:1].isupper())
                or (surname_any is not None and w == surname_any and k and lower[k - 1] == "mr")
                or (
                    w in ("father", "dad")
                    and k >= 1
                    and lower[k - 1].removesuffix("'s") in fathered
                    and lower[k - 1].endswith("'s")
                )
            )
            before = lower[max(k - 4, 0) : k]
            if (
                hit
                and not any(x in _SHARING_NEGATORS or x.endswith("n't") for x in before)
                and not _only_delivered(lower, k)
            ):
                found.append(i)
                break
    return found


def _absence_reported(doc: Doc, s_start: int, s_end: int) -> bool:
    """ "No contact since 2019 according to mum": a second-hand account explains an absence
    when the sentence reports one (a negation or an absence word), not a mother's opinion."""
    scopes = doc.user_data.get("scopes") or ()
    return any(cat == "negated" and s_start <= s < s_end for cat, s, _e in scopes)


@check(
    "father-absent",
    slots=("engagement", "explanation", "dismissive", "hearsay"),
    params=("window_before", "window_after"),
)
def father_absent(ctx: Context, rule: Rule) -> list[Finding]:
    before = int(rule.params.get("window_before", 8))
    after = int(rule.params.get("window_after", 12))
    members = ctx.cast.members
    persons: dict[object, bool] = {}
    for index, member in enumerate(members):
        person = member.person
        if member.role == "father" or (
            member.role == "male_carer" and (person is None or person.lives_with_child is not False)
        ):
            persons[index] = bool(person and (person.seen or person.views_sought))
    for index in _in_sharing_record(ctx, persons):
        persons[index] = True
    roles_listed = {m.role for m in members}
    # The words of the listed men's relationships: "stepfather" in the text is the man
    # listed as "father of Amara; stepfather to Kai", not another man.
    listed_roles = {
        w
        for m in members
        if m.role in MALE_ROLES and m.person is not None
        for w in name_words(m.person.relationship)
    }
    # A father on the list who lives with the child is who "her partner" or "her husband"
    # means (or it is someone else's partner); only a new man is another person to address.
    father_listed = any(m.role == "father" and m.person is not None for m in members)
    father_at_home = any(
        m.role == "father" and m.person is not None and m.person.lives_with_child is not False
        for m in members
    )
    step_father = _step_father(ctx)
    teens = _teenagers(ctx)
    for _section, doc in ctx.sections():
        mentions: list[Mention] = list(doc.user_data.get("mentions") or ())
        for k, m in enumerate(mentions):
            if m.role not in MALE_ROLES:
                continue
            # A man already addressed, or listed but not asked about, needs no more reading
            # (every test below is free of side effects, so skipping them changes nothing):
            # this spares most of the speech analysis _in_others_words may start.
            if (m.member >= 0 and m.member not in persons) or persons.get(
                m.member if m.member >= 0 else m.role
            ):
                continue
            if kin_group(doc.user_data["lower"], m) or _in_others_words(doc, m) or _denied(doc, m):
                continue
            if m.member >= 0:
                key: object = m.member
                if key not in persons:
                    continue  # e.g. a grandfather who does not live with the child
            elif m.role in _CARER_ROLES and m.role not in roles_listed and _unlisted_carer(doc, m):
                if (
                    _same_as_listed(doc, mentions, k)
                    or _listed_role(doc, m, listed_roles)
                    or _someone_elses_partner(doc, mentions, k)
                    or _a_teens_partner(doc, mentions, k, teens)
                ):
                    continue
                if m.role == "male_carer" and father_at_home and not _new_man(doc, m):
                    continue
                if _lives_apart(doc, m):
                    continue  # "Mrs Reid's boyfriend does not live with them"
                if step_father is not None and _step_word(doc, m):
                    continue  # "his stepdad": the man at home who is not his father
                if _husband(doc, m) and father_listed and not _new_man(doc, m):
                    continue  # "her husband", with the children's father listed: him
                key = m.role  # a father or partner the household list leaves out
                if _said_to_be_none(doc, m):
                    persons[key] = True
                    continue
            else:
                continue
            if persons.get(key):
                continue
            persons[key] = _addresses(ctx, rule, doc, m, before, after)
    if len(ctx.report.children) > 1:
        return _per_child(ctx, rule, persons, before, after)
    # One child: the finding is about that child, and carries its key as voice-of-child's
    # and identity-reflection's do.
    key = ctx.report.children[0].key if ctx.report.children else None
    if not persons:
        said = "No father or male carer is named. "
    elif not all(persons.values()):
        said = "A father or male carer is not addressed. "
    elif "father" not in roles_listed and "father" not in persons:
        said = "The child's father is not named or addressed. "
    else:
        return []
    return [report_finding(rule, "family_and_network", said + rule.message, key)]


_UNBORN_WORDS = frozenset({"unborn", "pregnancy", "prebirth", "expected"})


def _linked_children(ctx: Context, member: Member) -> set[str]:
    """The children a man on the household list is father or carer of: the document's
    household[].children, else the children his relationship names ("father of Kai and
    Mia", "Leah's dad"), else all of them."""
    keys = {c.key for c in ctx.report.children}
    person = member.person
    if person is None:
        return keys
    if person.children:
        return set(person.children) & keys
    segments = father_segments(person.relationship) if member.role == "father" else ()
    words = set(name_words(" ".join(segments) if segments else person.relationship))
    named = {m.child for m in ctx.cast.members if m.child in keys and m.names & words}
    # An unborn baby has no name of its own: "father of Oscar and the unborn baby",
    # "the baby's father" (a born child called by name is not "the baby").
    if words & _UNBORN_WORDS or ("baby" in words and not named):
        named |= {c.key for c in ctx.report.children if c.unborn}
    return {k for k in named if k is not None} or keys


def _per_child(
    ctx: Context, rule: Rule, persons: dict[object, bool], before: int, after: int
) -> list[Finding]:
    """Siblings often have different fathers: each child's father is asked about. A man
    the list does not link to one child (a partner at home) is the family's to address."""
    members = ctx.cast.members
    children = ctx.report.children
    findings: list[Finding] = []
    links = {i: _linked_children(ctx, members[i]) for i in persons if isinstance(i, int)}
    fathers_of: dict[str, list[int]] = {c.key: [] for c in children}
    for i, keys in links.items():
        if members[i].role == "father":
            for k in keys:
                fathers_of[k].append(i)
    for child in children:
        fathers = fathers_of[child.key]
        if fathers:
            ok = all(persons[i] for i in fathers)
        else:
            # Another child's listed father is not this child's ("Mr Pelling says Lacey
            # keeps to her room" when he is Alfie's and Isla's father).
            theirs = {i for i, keys in links.items() if child.key not in keys}
            ok = _father_addressed_in_text(ctx, rule, child.key, before, after, theirs) or (
                not links and persons.get("father", False)
            )
        if not ok:
            name = child.name.strip() or "one child"
            findings.append(
                report_finding(
                    rule,
                    "family_and_network",
                    f"{name}: the father is not addressed. " + rule.message,
                    child.key,
                )
            )
    carers = [
        ok
        for key, ok in persons.items()
        if key != "father" and not (isinstance(key, int) and members[key].role == "father")
    ]
    if not all(carers):
        findings.append(
            report_finding(
                rule, "family_and_network", "A male carer is not addressed. " + rule.message
            )
        )
    return findings


def _fathers_of(doc: Doc, m: Mention, names: set[str]) -> bool:
    """ "Amira's father": the father word is this child's, by her name before it."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    k = m.start
    return k >= 2 and lower[k - 1] in ("'s", "’s") and lower[k - 2] in names


def _father_addressed_in_text(
    ctx: Context, rule: Rule, key: str, before: int, after: int, theirs: set[int]
) -> bool:
    """ "Mia's father, Jason, is in prison": a father word in a sentence that names the
    child, with an engagement or explanation near it; not a man listed as other children's
    father (theirs)."""
    own = {i for i, m in enumerate(ctx.cast.members) if m.child == key}
    names = {w for i in own for w in ctx.cast.members[i].names}
    for _section, doc in ctx.sections():
        mentions: list[Mention] = list(doc.user_data.get("mentions") or ())
        named = [sentence_of(doc, m.start) for m in mentions if m.member in own]
        if doc.user_data.get("child") == key:
            named.append((0, len(doc)))
        for m in mentions:
            if m.role != "father" or m.pronoun or _in_others_words(doc, m):
                continue
            if m.member in theirs and not _fathers_of(doc, m, names):
                continue
            if any(lo <= m.start < hi for lo, hi in named) and (
                _said_to_be_none(doc, m) or _addresses(ctx, rule, doc, m, before, after)
            ):
                return True
    return False
