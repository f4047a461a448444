"""threshold-rationale: a professional view on significant harm or level of need, with reasons.

A view is a sentence with a threshold term ("likely to suffer significant harm", "child in
need", "needs a child protection plan"), or an opinion frame ("in my professional view")
with a harm word. The word "threshold" is not required. Outside threshold_view only a
framed view counts: there plan and category words are mostly facts ("Mason is on a plan
under emotional abuse"). The view counts when evidence
words (what was seen, recorded, disclosed, how often) appear in its sentence or the next
two sentences. Deferring ("a matter for conference", "a question for the panel") or
declining ("we do not give a recommendation on thresholds", "not for us to say":
the deferral lexicon's regexes read them by structure) or a hypothetical is not a view, but
a deferral covers only its own clause ("I can't comment on his care, but in my view...") and
a modal inside or right after the author's opinion frame is a recommendation ("I would
support step down", "we believe she should remain on a plan"). Clinical thresholds
("below the treatment threshold") are not views.
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc

from scoring.assessment import Finding
from scoring.checks import Context, Rule, check, report_finding
from scoring.nlp.context import sentence_bounds
from scoring.nlp.people import Mention

_CONTRAST = frozenset({"but", "however", "although", "though", "yet", "nevertheless", ";"})


def _count_in(starts: list[int], lo: int, hi: int) -> int:
    return bisect_left(starts, hi) - bisect_left(starts, lo)


_MODALS = frozenset({"would", "should", "'d"})


_CONDITIONS = frozenset({"if", "unless", "whether", "event", "were", "otherwise"})


def _hypothetical(
    doc: Doc, start: int, end: int, frames: list[tuple[int, int]], recommends: bool = False
) -> bool:
    """In a hypothetical scope not opened by the author's own opinion: "I would support step
    down" and "we believe she should remain on a plan" state a view (a modal inside or after an
    opinion frame); "if things got worse a plan would be needed" does not. In the threshold
    section a modal in a sentence with no condition in it recommends (recommends=True):
    "Leah should remain on the child protection plan" is the author's view."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    for cat, s, e in doc.user_data.get("scopes") or ():
        if cat != "hypothetical" or not (s < end and start < e):
            continue
        trigger = s - 1
        if any(fs <= trigger < fe for fs, fe in frames):
            continue
        if lower[trigger] in _MODALS and (
            recommends or any(fs < trigger and trigger - fe <= 4 for fs, fe in frames)
        ):
            continue
        return True
    return False


_NEGATORS = frozenset({"not", "n't", "no"})


def _undecided(lower: list[str], start: int, end: int) -> bool:
    """A template's alternatives left in: "I do / do not consider...", "is / is not met",
    "[Neglect / Physical / Emotional]", or "delete as appropriate" in the sentence."""
    words = lower[start:end]
    if "delete" in words and "appropriate" in words:
        return True
    for k, w in enumerate(words):
        if w == "/" and (
            _NEGATORS.intersection(words[k + 1 : k + 3]) or _NEGATORS.intersection(words[k - 1 : k])
        ):
            return True
        if w == "[" and "/" in words[k:]:
            return True
    return False


def _deferred(
    lower: list[str], deferral: list[int], term: int, frames: list[tuple[int, int]]
) -> bool:
    """A deferral covers the terms of its own clause: "I can't comment on his care, but in my
    view he is likely to suffer significant harm" gives a view after the contrast, and so
    does the author's own opinion frame after the deferral ("Thresholds are for the chair to
    decide and in my view..."): the view is taken back up there."""
    for d in deferral:
        lo, hi = (d, term) if d < term else (term, d)
        if any(w in _CONTRAST for w in lower[lo:hi]):
            continue
        if d > term and any(w in _REASON_WORDS for w in lower[lo:hi]):
            # "...likely to suffer significant harm - she has missed appointments and Lacey
            # stays with people agencies do not know": inside the reasons, not a deferral.
            continue
        if d < term and any(d < fs <= term for fs, _fe in frames):
            continue
        return True
    return False


_REASON_WORDS = frozenset(
    {"because", "as", "given", "since", "grounds", "reasons", "reason", "evidence",
     "evidenced", "shown", "based", "following", "after", "including", "e.g.", ":", ";", "-",
     "\u2013", "\u2014",
     "with", "due", "owing", "this",
     # facts in brackets after the view's category: "through neglect (there is little food, ...)"
     "("}
)  # fmt: skip


_CHILD_WORDS = frozenset(
    {"child", "children", "baby", "babies", "kids", "siblings", "boys", "girls", "infant",
     "toddler", "pupil", "unborn", "yp", "cyp"}
)  # fmt: skip
_EXPERIENCING = frozenset({"at", "suffer", "remain", "face", "experience"})


# "The EHA was assessed at Level 3 in March 2025", "she was made subject to a plan under
# neglect": a level or category someone else set, in the past, is history, not the
# author's view (a view of their own is framed: "in my view she remains at Level 3").
_ASSESSED = frozenset(
    {"assessed", "judged", "graded", "rated", "deemed", "considered", "agreed", "found",
     "placed", "made", "stepped", "escalated", "scored", "categorised", "categorized",
     "classified", "registered", "identified", "determined", "decided"}
)  # fmt: skip


def _past_assessment(lower: list[str], s_start: int, term: int) -> bool:
    return any(
        lower[i] in ("was", "were") and lower[i + 1] in _ASSESSED for i in range(s_start, term - 1)
    )


_DEFINITE = frozenset({"the", "his", "her", "their", "this", "its", "our"})
_WANTING = frozenset(
    {"should", "must", "need", "needs", "needed", "would", "will", "remain", "remains",
     "continue", "continues", "recommend", "support", "require", "requires"}
)  # fmt: skip


def _plan_in_place(lower: list[str], s_start: int, start: int, end: int) -> bool:
    """ "The early help plan has been in place for 20 months": a plan that exists, named by
    its category, is a fact about the case; "she needs a child protection plan" and "should
    remain on the plan" want one."""
    return (
        end < len(lower)
        and lower[end] in ("plan", "plans")
        and start > s_start
        and lower[start - 1] in _DEFINITE
        and not any(w in _WANTING for w in lower[s_start:start])
    )


def _an_adults_harm(
    doc: Doc,
    lower: list[str],
    s: int,
    s_start: int,
    s_end: int,
    frames: list[tuple[int, int]],
) -> bool:
    """ "The victim remains at high risk of serious harm", "Mum is at risk of further
    assaults": the harm is an adult's, said of them where no child is in the sentence, so
    it is no view on the child. ("Dad poses a risk of serious harm to Leah" names her.)"""
    mentions: list[Mention] = doc.user_data.get("mentions") or []
    # Not a word of the author's frame ("in my professional view").
    in_sentence = [
        m
        for m in mentions
        if s_start <= m.start < s_end and not any(fs <= m.start < fe for fs, fe in frames)
    ]
    if any(m.role in ("child", "sibling") for m in in_sentence):
        return False
    if any(w in _CHILD_WORDS for w in lower[s_start:s_end]):
        return False
    before = [m for m in in_sentence if m.end <= s]
    if not before:
        return False
    lemma: list[str] = doc.user_data.get("lemma") or lower
    return any(w in _EXPERIENCING for w in lemma[before[-1].end : s])


def _reason_opens(
    lower: list[str],
    evidence: list[int],
    own: set[int],
    s_start: int,
    s_end: int,
    terms: list[tuple[int, int]],
) -> int:
    """Where the view's sentence starts giving reasons: at the first reason word or
    punctuation after its first term ("...significant harm because...", "Neglect: Kai has
    ..."), else the sentence's end; a sentence whose view comes after its facts ("After six
    missed appointments, I think...") gives them from its start."""
    first = min(s for s, _e in terms)
    if sum(1 for i in evidence if s_start <= i < first and i not in own) >= 2:
        return s_start  # "After six missed appointments and a bruise, I think..."
    for i in range(min(e for s, e in terms if s == first), s_end):
        if lower[i] == "(" and (i - 1 not in own or _names_only(lower, own, i, s_end)):
            # Facts in brackets give reasons after the view's own words ("through neglect
            # (there is little food...)"), not after anything else ("files submitted to
            # Legal Services (30/04/2027)") nor when they only name the category
            # ("significant harm (emotional abuse) from...").
            continue
        if lower[i] in _REASON_WORDS or lower[i][-1:] in (":", ";"):  # "(neglect):"
            return i
    return s_end


def _names_only(lower: list[str], own: set[int], i: int, end: int) -> bool:
    """The bracket opened at i closes soon and holds only the view's own words."""
    for k in range(i + 1, min(i + 8, end)):
        if lower[k] == ")":
            return True
        if k not in own and lower[k] not in ("and", "or", ",", "/", "&"):
            return False
    return False


# A label that opens a list of reasons: "Evidence: ...", "Reasons - ...", "Rationale: ...".
_REASON_LABELS = frozenset(
    {"evidence", "reasons", "reason", "rationale", "because", "why", "basis"}
)
_LABEL_MARKS = frozenset({":", "-", "\u2013", "\u2014"})
_ITEM_BREAKS = frozenset({",", ";", "and", "\n"})


_DECLINED = frozenset({"view", "opinion", "comment", "able", "conference", "decide", "remit"})
_CLAUSE_BREAKS = frozenset({",", ";", ":", ".", "!", "?"})
_ELSEWHERE = frozenset({"above", "below", "section", "attached", "previous", "earlier", "report"})


# Before "risk" used as a verb: "I think it risks Mia being treated as younger" names a
# possible cost of something, not a view on harm.
_RISK_SUBJECTS = frozenset(
    {"it", "this", "that", "which", "could", "may", "might", "would", "will"}
)


def _risk_verb(lower: list[str], s: int, e: int) -> bool:
    return (
        e - s == 1
        and s > 0
        and lower[s] in ("risk", "risks", "risked", "risking")
        and lower[s - 1] in _RISK_SUBJECTS
    )


def _clause_end(lower: list[str], i: int, end: int) -> int:
    """The token after the clause that token i is in: the next comma, semicolon, colon,
    full stop or line break."""
    for k in range(i, end):
        if lower[k] in _CLAUSE_BREAKS or "\n" in lower[k]:
            return k
    return end


def _pointer(lower: list[str], i: int) -> bool:
    """ "see above", "see section 3", "see previous report": a pointer, not something seen."""
    return lower[i] == "see" and i + 1 < len(lower) and lower[i + 1] in _ELSEWHERE


def _items(lower: list[str], lo: int, hi: int) -> list[int]:
    """Where each item of a list of reasons in [lo, hi) starts: an item is two or more
    words up to a comma, semicolon, "and" or line end outside brackets, and not a pointer."""
    starts: list[int] = []
    item, words, depth = lo, 0, 0
    for i in range(lo, hi + 1):
        w = lower[i] if i < hi else "\n"
        depth += (w == "(") - (w == ")")
        if depth <= 0 and (w in _ITEM_BREAKS or i == hi):
            if words >= 2 and not _pointer(lower, item):
                starts.append(item)
            item, words, depth = i + 1, 0, 0
        elif w.isalnum() or w[:1].isalnum():
            words += 1
    return starts


_BULLETS = frozenset({"-", "*", "\u2022", "\u2013", "\u00b7"})


def _lines_under(lower: list[str], i: int) -> list[int]:
    """Where each numbered or bulleted line right under a label ending at token i starts
    ("Why:\n1. Esi saw...\n2. Aaliyah met..."): none unless the label ends its line; the
    list ends at a line with no marker or a blank line."""
    while i < len(lower) and lower[i].isspace() and "\n" not in lower[i]:
        i += 1
    if i >= len(lower) or "\n" not in lower[i]:
        return []
    starts: list[int] = []
    while i < len(lower) and "\n\n" not in lower[i]:
        j = i + 1
        while j < len(lower) and lower[j].isspace() and "\n" not in lower[j]:
            j += 1
        numbered = j + 1 < len(lower) and lower[j].isalnum() and len(lower[j]) <= 2
        if numbered and lower[j + 1] in (".", ")"):
            starts.append(j + 2)
        elif j < len(lower) and lower[j] in _BULLETS:
            starts.append(j + 1)
        else:
            break
        i = next((k for k in range(j, len(lower)) if "\n" in lower[k]), len(lower))
    return starts


def _because_written_out(doc: Doc, lower: list[str]) -> list[str]:
    """The lower-case words with each shorthand for "because" ("bc", "b/c", "cos") as the
    word (lexicons/shorthand.yaml gives them that lemma)."""
    if _SHORT_BECAUSE.isdisjoint(lower):
        return lower
    lemma: list[str] = doc.user_data.get("lemma") or [t.lemma_ for t in doc]
    return [m if m == "because" else w for w, m in zip(lower, lemma, strict=True)]


_SHORT_BECAUSE = frozenset({"bc", "b/c", "cos", "coz"})


def _listed_reasons(
    lower: list[str], bounds: list[tuple[int, int]], under: dict[int, int] | None = None
) -> list[int]:
    """Where each item of a list of reasons starts. A labelled list counts by its items:
    "Evidence: Mr Reid still trying to locate them (2 calls), children's distress (...),
    and 4 in one room" gives three, "Evidence: see above" none. So does a "because" that
    sets out two or more reasons ("because the fire service has rated it high risk, her
    escape route is blocked and she has no working cooker"); one reason alone adds
    nothing to the evidence words it holds. A label that ends its line lists the numbered
    lines under it; under (if given) maps the label to the token after its last item's
    start, so a view's window reaches the whole list."""
    starts: list[int] = []
    for s_start, s_end in bounds:
        for k in range(s_start, min(s_start + 4, s_end - 1)):
            if lower[k] in _REASON_LABELS and lower[k + 1] in _LABEL_MARKS:
                items = _items(lower, k + 2, s_end)
                if not items:  # "Why:" ending its line: the numbered lines under it
                    items = _lines_under(lower, k + 2)
                    if items and under is not None:
                        under[k] = items[-1] + 1
                starts += items
                break
        else:
            if "because" in lower[s_start:s_end]:
                k = lower.index("because", s_start, s_end)
                reasons = _items(lower, k + 1, s_end)
                if len(reasons) >= 2:
                    starts += reasons
    return starts


@check(
    "threshold-rationale",
    slots=("strong", "view", "opinion", "deferral", "evidence", "clinical", "category", "dated"),
    params=("min_evidence", "evidence_window"),
)
def threshold_rationale(ctx: Context, rule: Rule) -> list[Finding]:
    min_evidence = int(rule.params.get("min_evidence", 2))
    window = int(rule.params.get("evidence_window", 2))
    saw_view = False
    # Whether some section gives a view with its evidence (and whether any gives a view)
    # does not depend on the order the sections are read in, so the threshold section goes
    # first: a view with evidence there, the usual case, ends the check unread elsewhere.
    sections = list(ctx.sections())
    view_first = [s for s in sections if s[0] == "threshold_view"]
    view_first += [s for s in sections if s[0] != "threshold_view"]
    for section, doc in view_first:
        strong = ctx.hits(doc, rule, "strong")
        if section == "threshold_view":
            # There a category is the author's view of the harm ("Neglect: ...").
            strong = strong + ctx.hits(doc, rule, "category")
        opinion = ctx.hits(doc, rule, "opinion")
        if not strong and not opinion:
            continue
        view = ctx.hits(doc, rule, "view")
        deferral = ctx.hits(doc, rule, "deferral")
        clinical = ctx.hits(doc, rule, "clinical")
        # A dated fact is evidence too ("found in another county on 3 May and 17 May").
        bounds = sentence_bounds(doc)
        lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        # Reasons read with shorthand for "because" written out ("still neglect imo bc...").
        reading = _because_written_out(doc, lower)
        under: dict[int, int] = {}
        evidence_starts = sorted(
            {
                s
                for s, _ in ctx.hits(doc, rule, "evidence") + ctx.hits(doc, rule, "dated")
                if not _pointer(lower, s)
            }
            | set(_listed_reasons(reading, bounds, under))
        )
        # A clause that leaves the view to others ("school do not feel able to give a view
        # on threshold as this is a matter for conference to decide") gives no reasons for
        # one ("do not know" and "not sure" decline nothing unless about the view).
        declined = [
            (d, _clause_end(lower, d, len(lower)))
            for d, e in deferral
            if _DECLINED.intersection(lower[d:e])
        ]
        if declined:
            evidence_starts = [
                x for x in evidence_starts if not any(d <= x < end for d, end in declined)
            ]
        for k, (s_start, s_end) in enumerate(bounds):
            deferred = [d for d, _ in deferral if s_start <= d < s_end]
            framed = any(s_start <= o < s_end for o, _ in opinion)
            # Outside the threshold section a plan or category word is usually a fact
            # ("Mason is on a plan under emotional abuse"); there a view needs a frame.
            if section != "threshold_view" and not framed:
                continue
            if _undecided(lower, s_start, s_end):
                continue  # "I do / do not consider...": the template's choice left unmade
            terms = [(s, e) for s, e in strong if s_start <= s < s_end]
            recommends = section == "threshold_view" and _CONDITIONS.isdisjoint(
                lower[s_start:s_end]
            )
            if framed:
                terms += [
                    (s, e) for s, e in view if s_start <= s < s_end and not _risk_verb(lower, s, e)
                ]
            terms = [
                (s, e)
                for s, e in terms
                if not _hypothetical(doc, s, e, opinion, recommends)
                and not _deferred(lower, deferred, s, opinion)
                and not any(cs < e and s < ce for cs, ce in clinical)
                and not any(qs <= s < qe for qs, qe in doc.user_data.get("quotes") or ())
                and not _an_adults_harm(doc, lower, s, s_start, s_end, opinion)
                and not (
                    not framed
                    and (
                        _past_assessment(lower, s_start, s) or _plan_in_place(lower, s_start, s, e)
                    )
                )
            ]
            if not terms:
                continue
            saw_view = True
            hi = bounds[min(k + window, len(bounds) - 1)][1]
            # a list of reasons labelled within the window is read whole
            hi = max([hi] + [end for label, end in under.items() if s_start <= label < hi])
            # The view's own words are not its evidence: its terms and categories, and in
            # its sentence anything before a reason opens ("Police assess that Sofia is
            # likely to suffer significant harm from exposure to domestic abuse" has none).
            own = {i for s, e in terms for i in range(s, e)} | {
                i for s, e in view if s_start <= s < s_end for i in range(s, e)
            }
            reason = _reason_opens(reading, evidence_starts, own, s_start, s_end, terms)
            # In the threshold section, facts set out in the sentences before the view
            # count too ("Two incidents since the last conference... Police believe Ruby
            # continues to be likely to suffer significant harm").
            lo = bounds[max(k - window, 0)][0] if section == "threshold_view" else s_start
            found = [
                i
                for i in evidence_starts[bisect_left(evidence_starts, lo) :]
                if i < hi and i not in own and not (s_start <= i < reason)
            ]
            if len(found) >= min_evidence or (
                reason == s_start and _count_in(evidence_starts, s_start, hi) > min_evidence + 1
            ):
                return []
    if saw_view:
        return [
            report_finding(
                rule,
                "threshold_view",
                "You give a view on harm or need but not the evidence behind it. " + rule.message,
            )
        ]
    return [report_finding(rule, "threshold_view")]
