"""previous-actions (RCPC only): an update on each action from the last conference.

Reads the documented layout (Action / Status / Barrier / Next step blocks, one field to a
line or run on after a full stop, semicolon or bar) when present:
an action partly or not done needs a barrier or a next step. Free text is read by meaning:
it must report what happened to the actions, and a sentence saying something is not done,
delayed or ongoing needs a reason or a next step in it or the sentence after (or a
sentence or two later, until another action's status). A count short of its total
("attended 4 of 6 sessions") or a negated completion ("has not been done") is unfinished;
"on 17 March" in a sentence about the past and "since January" are not a next step or a
reason.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import compress

from spacy.tokens import Doc

from scoring.assessment import Finding
from scoring.calendar import MONTH_NUMBERS, latest_day
from scoring.checks import Context, Rule, check, report_finding
from scoring.nlp.commitments import clause_at
from scoring.nlp.context import sentence_bounds, sentence_of, span_in_scope
from scoring.nlp.quotes import quote_tokens
from scoring.nlp.tokens import LIST_ITEM, list_items
from scoring.resources import lexicons

# A field of the documented layout: at the start of a line, or run on after a full stop,
# semicolon or bar ("Action: refer to CAMHS. Status: done; Next step: none"), as a layout
# pasted into one line or written as one paragraph comes; its value runs to the next
# field or the end of the line.
_LABEL = r"(action|status|barriers?|next steps?)[ \t]*:"
_FIELD = re.compile(
    rf"(?:^[ \t]*[-*•]?[ \t]*|(?<=[.;|])[ \t]+){_LABEL}[ \t]*"
    rf"(.*?)(?=[ \t]*[.;|]?[ \t]+{_LABEL.replace('(', '(?:', 1)}|[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
_EMPTY = frozenset({"", "n/a", "na", "none", "-", "nil", "not applicable", "tbc", "unknown"})
_UNFINISHED = (
    "partly",
    "partially",
    "not done",
    "not yet",
    "in progress",
    "ongoing",
    "not completed",
    "outstanding",
    "not started",
    "delayed",
)


def _blocks(text: str) -> list[dict[str, str]]:
    blocks: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for m in _FIELD.finditer(text):
        key = m.group(1).lower().rstrip("s") if m.group(1).lower() != "status" else "status"
        key = "next" if key.startswith("next") else key
        if key == "action" and current:
            blocks.append(current)
            current = {}
        current[key] = m.group(2).strip()
    if current:
        blocks.append(current)
    return blocks


def _filled(value: str | None) -> bool:
    return bool(value) and (value or "").strip().strip(".").lower() not in _EMPTY


# Prepositions and adverbs that only mean a next step in a clause that looks forward: "will
# be weighed on 3 April" is one, "the referral was made on 17 March" is history.
_WEAK_NEXT = frozenset({"on", "by"})
# "now" says where the action stands in its own sentence ("the missed immunisations have
# now been given"); in the next sentence it is another action's present ("the school nurse
# now meets her").
_HERE_ONLY = frozenset({"now"})
_UPDATE_REACH = 3  # sentences after an unfinished one that can still carry its next step
_NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
}
_OF_FILLERS = frozenset({"the", "his", "her", "their", "its", "our", "my"})


_SINCE_TIME = frozenset({"last", "then", "early", "mid", "late", "birth"})


def _temporal(word: str, number: bool) -> bool:
    return number or word in MONTH_NUMBERS or word in _SINCE_TIME


# "as" gives a reason before a subject ("as mum was in hospital", "as the letter went
# to the old address", "as a result of"); "as per previous report", "as agreed" or "as
# planned" compares, and gives none.
_AS_SUBJECT = frozenset(
    {"i", "we", "she", "he", "they", "it", "mum", "dad", "mother", "father", "the", "his",
     "her", "their", "its", "our", "my", "this", "there", "no", "nobody", "a"}
)  # fmt: skip


def _as_reason(lower: list[str], orth: list[str], e: int) -> bool:
    if e >= len(lower):
        return False
    if lower[e] == "a":
        return e + 1 < len(lower) and lower[e + 1] == "result"
    return lower[e] in _AS_SUBJECT or (orth[e][:1].isupper() and orth[e][1:].islower())


def _real_help(
    doc: Doc,
    help_spans: list[tuple[int, int]],
    next_spans: list[tuple[int, int]],
    references: list[tuple[int, int]],
) -> list[tuple[int, int]]:
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    orth: list[str] = doc.user_data.get("orth") or [t.text for t in doc]
    like_num: list[bool] = doc.user_data.get("like_num") or [t.like_num for t in doc]
    nexts = set(next_spans)
    kept = []
    for s, e in help_spans:
        words = " ".join(lower[s:e])
        if words == "since" and e < len(lower) and _temporal(lower[e], like_num[e]):
            continue  # "all attendances since Jan": a time, not a reason
        if words == "as" and not _as_reason(lower, orth, e):
            continue
        if words == "to be" and s and lower[s - 1] in _GOING_ON:
            continue  # "attendance continues to be monitored": the same again, no next step
        if (s, e) in nexts and words in _WEAK_NEXT:
            clause = clause_at(doc, s)
            if clause is None or not clause.future:
                continue
        if (s, e) in nexts and words == "agreed":
            # "the GP agreed at the last conference to...": the old plan, not a next step.
            clause = clause_at(doc, s)
            lo, hi = (clause.start, clause.end) if clause else (s, e)
            if any(lo <= r < hi for r, _ in references):
                continue
        kept.append((s, e))
    return kept


_GOING_ON = frozenset({"continue", "continues", "continued", "continuing", "remain", "remains"})
_ITEM_MARKS = frozenset({"-", "*", "•", "\u2013", "\u25aa", "\u25cf"})
_DASHES = frozenset({"-", "\u2013", "\u2014"})
_ITEM_WORDS = frozenset({"action", "item"})
_LABEL_ENDS = frozenset({":", ".", "-", "\u2013", "(", ")"})


def _opens_item(lower: list[str], lo: int, hi: int) -> bool:
    """The sentence opens a new list item: "3.", "(c)", "b)", "- ", "•", or a label that
    numbers the action ("Action 2:", "ICPC action 3 -", "6.3 Action 3 (RCPC):")."""
    while lo < hi and lower[lo].isspace():
        lo += 1
    if lo >= hi:
        return False
    for i in range(lo, min(lo + 3, hi - 2)):
        if (
            lower[i] in _ITEM_WORDS
            and len(lower[i + 1]) <= 3
            and lower[i + 1].isalnum()
            and lower[i + 2] in _LABEL_ENDS
        ):
            return True
    first = lower[lo]
    if first in _ITEM_MARKS:
        return True
    if first == "(" and lo + 2 < hi and lower[lo + 2] == ")":
        return len(lower[lo + 1]) <= 3 and lower[lo + 1].isalnum()
    return (
        len(first) <= 3
        and (first.isdigit() or (len(first) == 1 and first.isalpha()))
        and lo + 1 < hi
        and lower[lo + 1] in (".", ")")
    )


def _update_end(
    bounds: list[tuple[int, int]],
    k: int,
    status: list[tuple[int, int]],
    help_spans: list[tuple[int, int]],
    lower: list[str],
) -> int:
    """Where the update of the action in sentence k ends: the next sentence belongs to it,
    and so do later ones ("On the other two visits it was not safe to ask. Next step: I
    will...") until one reports the status of something else with no reason or next step
    ("The third was done on 14 April"), or opens the next item of a list ("3. Safety plan to
    be shared with school nurse - DONE" is another action, not this one's next step)."""
    end = bounds[k][1]
    for j in range(k + 1, min(k + 1 + _UPDATE_REACH, len(bounds))):
        lo, hi = bounds[j]
        if _opens_item(lower, lo, hi):
            break
        if (
            j > k + 1
            and any(lo <= s < hi for s, _ in status)
            and not any(lo <= s < hi for s, _ in help_spans)
        ):
            break
        end = hi
    return end


def _dates_to_come(doc: Doc, today: date) -> list[tuple[int, int]]:
    """ "8 of 12 weeks done, finishes 19/1", "not seen yet; appointment 11/12": a date still
    to come when the report was written says when the action goes on, a next step."""
    text: str = doc.user_data.get("src") or ""
    idx: list[int] = doc.user_data.get("idx") or [t.idx for t in doc]
    ends: list[int] = doc.user_data.get("ends") or [t.idx + len(t.text) for t in doc]
    found = []
    for s, e in (doc.user_data.get("hits") or {}).get("time-expressions", ()):
        day = latest_day(text[idx[s] : ends[e - 1]], today)
        if day is not None and day > today:
            found.append((s, e))
    return found


_PLANNING = frozenset(
    {"to", "will", "would", "'d", "'ll", "shall", "should", "could", "can", "may", "might",
     "must"}
)  # fmt: skip


def _completions(doc: Doc, done_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The words of completion written as one ("done", "sent", "booked"): the same verb
    after "to" or a modal looks forward ("which told nobody what we'd do", "will send"),
    whatever its lemma shares with the past."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    lemma: list[str] = doc.user_data.get("lemma") or [t.lemma_ for t in doc]
    return [
        (s, e)
        for s, e in done_spans
        if not (e - s == 1 and s > 0 and lower[s - 1] in _PLANNING)
        # "Please refer to the ICPC report", "we provide a programme": the bare verb of a
        # past form the list holds ("referred", "provided") reports nothing done.
        and not (e - s == 1 and lower[s] == lemma[s] and lower[s] not in _DONE_FORMS)
    ]


_DONE_FORMS = frozenset(
    w for term in lexicons()["action-update"]["groups"]["done"] for w in term.lower().split()
)


def _explained(doc: Doc, unfinished: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Words in brackets explain a shortfall: after it in its clause ("done, 6 of 7 (one
    lost to a school trip)", "couldn't make January's (work)"), or around it, a reason in
    an aside ("Marcia booked January (she could not get the time off)"). A count or a date
    in brackets ("(x1)", "(Oct, Nov)") explains nothing."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    found = []
    for s, e in unfinished:
        opened = next(
            (j for j in range(s - 1, max(s - 25, -1), -1) if lower[j] in ("(", ")")), None
        )
        if opened is not None and lower[opened] == "(":
            close = _closing(lower, opened)
            words = [
                w for k, w in enumerate(lower[opened + 1 : close], opened + 1) if not s <= k < e
            ]
            if close is not None and sum(w.isalpha() for w in words) >= 3 and _a_reason(words):
                found.append((opened, close + 1))
            continue
        j = e
        while j < min(e + 12, len(lower)) and lower[j] not in _CLAUSE_END:
            if lower[j] == "(":
                close = _closing(lower, j)
                if close is not None and _a_reason(lower[j + 1 : close]):
                    found.append((j, close + 1))
                break
            j += 1
    return found


_CLAUSE_END = frozenset({";", ".", ",", ":", "\n", "-", "\u2013"})


def _closing(lower: list[str], opened: int) -> int | None:
    return next(
        (j for j in range(opened + 1, min(opened + 25, len(lower))) if ")" in lower[j]), None
    )


# Words that only date or count ("(since October)", "(x2)", "(approx. 3)").
_DATING = frozenset(
    {"since", "from", "until", "till", "by", "in", "on", "at", "of", "and", "approx",
     "approximately", "around", "about", "times", "week", "weeks", "month", "months"}
)  # fmt: skip


# "(see above)", "(as above)", "(see worries section)": a pointer gives no reason.
_POINTERS = frozenset({"see", "above", "below", "as", "overleaf", "attached", "section"})


def _a_reason(words: list[str]) -> bool:
    alpha = [w for w in words if w.isalpha()]
    if alpha and (alpha[0] == "see" or all(w in _POINTERS for w in alpha)):
        return False
    return any(
        w.isalpha()
        and len(w) > 1
        and w not in MONTH_NUMBERS
        and w not in _NUMBER_WORDS
        and w not in _DATING
        for w in words
    )


_OTHERS_DECISION = frozenset(
    {"decision", "outcome", "result", "results", "response", "reply", "panel", "confirmation"}
)


# A status given to every action at once: "has done what was asked of us", "did
# everything that was asked from me", "all actions completed".
_BLANKET = re.compile(
    r"\b(?:what|everything|all)(?: that)? (?:was|were|we were|i was|they were) asked\b"
    r"|\ball (?:of )?(?:the |our |my )?actions\b"
)


def _after_blanket(lower: list[str], lo: int, hi: int) -> int:
    """Where a sentence's specific words may start: after a status given to every action
    at once ("School has done what was asked of us" names none; "...everything that was
    asked of me: the daily diary was sent..." names them after it)."""
    text = " ".join(lower[lo:hi])
    m = _BLANKET.search(text)
    return lo if m is None else lo + text.count(" ", 0, m.end()) + 1


def _waiting_on_others(
    doc: Doc, unfinished: list[tuple[int, int]], done: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The unfinished spans less "awaiting decision" after the action's own "done" in its
    sentence ("DONE 26/06, referral made; awaiting decision"): the agency's part is done,
    and the decision is someone else's. Written after what is waited for, "awaited" is
    someone else's step whatever it is ("DONE 24/10; conclusive grounds awaited")."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    kept = []
    for s, e in unfinished:
        if (
            lower[s] in ("awaiting", "pending") and _OTHERS_DECISION.intersection(lower[e : e + 3])
        ) or (lower[s] == "awaited" and s > 0 and lower[s - 1].isalpha()):
            lo, _ = sentence_of(doc, s)
            lo = min(lo, next((a for a, b in list_items(doc) if a <= s < b), lo))
            if any(lo <= d < s for d, _ in done if not span_in_scope(doc, d, d + 1, "negated")):
                continue  # in its sentence, or earlier in its list item
        kept.append((s, e))
    return kept


def _quoted_in_done(
    doc: Doc, unfinished: list[tuple[int, int]], done: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The unfinished spans less those inside quotation marks in an item whose own status,
    outside them, is done: "flag the file as 'do not disclose address' - DONE 01/07" quotes
    the flag's words, not the action's state. A quotation of several words quotes someone's
    wording whatever the item's status ("our action was written as 'children's centre to
    provide ongoing support'"); a status in quotes is a word or two ("Status: 'ongoing'")."""
    quotes = quote_tokens(doc)
    if not quotes:
        return unfinished

    def quote_of(i: int) -> tuple[int, int] | None:
        return next(((qs, qe) for qs, qe in quotes if qs <= i < qe), None)

    kept = []
    for s, e in unfinished:
        quote = quote_of(s)
        if quote is not None:
            if quote[1] - quote[0] >= _QUOTED_WORDING:
                continue
            lo, hi = sentence_of(doc, s)
            if any(lo <= d < hi and quote_of(d) is None for d, _ in done):
                continue
        kept.append((s, e))
    return kept


def _not_states(lower: list[str], unfinished: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The unfinished spans less those that state no action's progress: a kind of event
    after a quantifier ("tell the social worker of any missed appointment", "each cancelled
    visit": the action's wording), none of them ("no missed appointments to report", "has
    missed none"), a negated opinion ("we didn't think that was good enough"), what an old
    plan's wording did not do ("which didn't really mean anything"), and a standing action
    done and going on ("DONE, ongoing", "in place and ongoing")."""
    return [
        (s, e)
        for s, e in unfinished
        if not (s and lower[s - 1] in _QUANTIFIERS)
        and not (e < len(lower) and lower[e] in _OPINION_VERBS | _NONE_AFTER)
        and not _says_of_wording(lower, e)
        and not (lower[s] == "ongoing" and _DONE_BEFORE.intersection(lower[max(s - 3, 0) : s]))
    ]


_DONE_BEFORE = frozenset({"done", "completed", "complete", "place", "started", "achieved"})
# What an old plan's wording did not do: "which didn't really mean anything", "did not
# say how often" criticise the plan, they report no action's progress.
_WORDING_VERBS = frozenset({"mean", "say", "specify", "state", "define"})
_ADVERBS = frozenset({"really", "actually", "even", "ever", "quite", "clearly"})


def _says_of_wording(lower: list[str], e: int) -> bool:
    while e < len(lower) and lower[e] in _ADVERBS:
        e += 1
    return e < len(lower) and lower[e] in _WORDING_VERBS


_NONE_AFTER = frozenset({"none", "nothing", "no"})  # "has missed none", "missed no sessions"


def _item_wording(
    doc: Doc, bounds: list[tuple[int, int]], status: list[tuple[int, int]]
) -> set[int]:
    """The tokens that word an action, not its progress: in a list item "3. Share missing
    data with school weekly - DONE" or "4. Lead to agree a crisis plan with CAMHS - not yet
    completed", everything between the item's number and the first mark (a spaced dash or
    a colon) when its status comes straight after that mark. An item whose first mark heads
    something else ("Target: Amira back to the 2nd centile - MET") has no wording here."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    starts = {s for s, _ in status}
    wording: set[int] = set()
    for lo, hi in bounds:
        numbered = lo >= 2 and lower[lo - 1] in (".", ")") and _opens_item(lower, lo - 2, hi)
        if not (numbered or _opens_item(lower, lo, hi)):
            continue  # the number may end the sentence before: "4." | "Lead to agree..."
        first = lo
        while first < hi and (lower[first].isspace() or lower[first] in _ITEM_MARKS):
            first += 1
        if first + 1 < hi and lower[first + 1] in (".", ")"):
            first += 2
        for m in range(first + 1, hi - 1):
            if lower[m] == ":" or (lower[m] in _DASHES and doc[m - 1].whitespace_):
                if m + 1 in starts:
                    wording.update(range(first, m))
                break
    return wording


def _undone(doc: Doc, done_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """ "this has not been done", "the referral was never made": a completion word the
    sentence negates reports an action not done. A negation in the action's wording does
    not reach a verdict after a spaced dash ("deliver an assembly without identifying her
    - DONE 18/11")."""
    scopes = [(a, b) for cat, a, b in doc.user_data.get("scopes") or () if cat == "negated"]
    return [
        (s, e)
        for s, e in done_spans
        if any(a < e and s < b and not _spaced_dash(doc, a, s) for a, b in scopes)
    ]


def _spaced_dash(doc: Doc, lo: int, hi: int) -> bool:
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return any(lower[k] in _DASHES and k and doc[k - 1].whitespace_ for k in range(lo, hi))


def _count(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return _NUMBER_WORDS.get(word)


_QUOTED_WORDING = 4  # tokens: a quotation this long is someone's wording, not a status
_QUANTIFIERS = frozenset({"any", "every", "each", "no"})
_OPINION_VERBS = frozenset({"think", "feel", "believe", "consider", "expect"})
_VERDICT_MARKS = frozenset({",", "-", "\u2013", "\u2014", ":", ";", "(", "."})


def _after_verdict(
    lower: list[str], done: list[tuple[int, int]], bounds: list[tuple[int, int]], i: int
) -> bool:
    """A count set off after the item's own "done" ("done, 12 of 13 sessions attended",
    "Completed - 9/10", "DONE. 10 of 11 attended": in a list the whole item is its
    update) details a finished action; a count the completion word governs ("completed 4
    of 6 sessions") does not."""
    lo = next((a for a, b in bounds if a <= i < b), 0)
    return any(
        lo <= e <= i and any(lower[k] in _VERDICT_MARKS for k in range(e, i)) for _s, e in done
    )


def _with_items(
    bounds: list[tuple[int, int]], items: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """The sentences, each widened to the list item it starts in (sorted, non-overlapping
    as the items are)."""
    out: list[tuple[int, int]] = []
    for lo, hi in bounds:
        item = next(((a, b) for a, b in items if a <= lo < b), None)
        span = item if item is not None else (lo, hi)
        if not out or out[-1] != span:
            out.append(span)
    return out


def _part_counts(
    doc: Doc, done: list[tuple[int, int]], bounds: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """ "attended 4 of 6 sessions", "three out of five visits": a count short of its total
    reports an action partly done, unless it details the item's own "done"."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    like_num: list[bool] = doc.user_data.get("like_num") or [t.like_num for t in doc]
    found = []
    for i in compress(range(len(lower)), like_num):
        count = _count(lower[i])
        if count is None:
            continue
        j = i + 1
        if j + 1 < len(lower) and lower[j] == "out" and lower[j + 1] == "of":
            j += 2
        elif j < len(lower) and lower[j] == "of":
            j += 1
        else:
            continue
        if j < len(lower) and lower[j] in _OF_FILLERS:
            j += 1
        total = _count(lower[j]) if j < len(lower) else None
        if total is not None and count < total and not _after_verdict(lower, done, bounds, i):
            found.append((i, j + 1))
    return found


def _bare_item(
    doc: Doc, status_spans: list[tuple[int, int]], help_spans: list[tuple[int, int]]
) -> bool:
    """A list of the old actions where some items give a status and another only restates
    its action ("3. Claire to write this year's letterbox letter."): that action has no
    update. Only where the list itself carries the updates (two or more items say what
    happened)."""
    marked = len(LIST_ITEM.findall(doc.user_data["src"]))
    items = list_items(doc) if marked >= 3 else []
    if len(items) < 3 or len(items) != marked:
        return False
    marks = [s for s, _ in status_spans] + [s for s, _ in help_spans]
    told = [any(lo <= m < hi for m in marks) for lo, hi in items]
    return sum(told) >= 2 and any(
        not t and _restates(doc, lo, hi) for t, (lo, hi) in zip(told, items, strict=True)
    )


def _restates(doc: Doc, lo: int, hi: int) -> bool:
    """The item is the old action as it was set, and nothing more: one sentence of no more
    than twenty words, with no figure and no status set off after a dash or colon
    ("- MET x3", ": see below")."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    like_num: list[bool] = doc.user_data.get("like_num") or [t.like_num for t in doc]
    words = [w for w in lower[lo:hi] if w.isalpha()]
    body = [w for w in lower[lo + 2 : hi] if w.strip()]  # past the item's number or bullet
    stops = sum(1 for w in body[:-1] if w in (".", "!", "?"))
    return (
        len(words) <= 20
        and stops == 0
        and not any(like_num[lo + 1 : hi])
        and not any(w in (":", "-", "\u2013", "\u2014", "=") for w in body)
    )


@check(
    "previous-actions",
    slots=("done", "unfinished", "barrier", "next_step", "reference", "concrete"),
)
def previous_actions(ctx: Context, rule: Rule) -> list[Finding]:
    if ctx.report.conference.type != "RCPC":
        return []
    doc = ctx.section_doc("previous_actions")
    text = doc.user_data["src"] if doc is not None else ""
    if not _filled(text) or doc is None:
        return [report_finding(rule, "previous_actions")]
    blocks = [b for b in _blocks(text) if "action" in b]
    if blocks:
        for block in blocks:
            status = block.get("status", "").lower()
            if not _filled(status):
                return [
                    report_finding(
                        rule, "previous_actions", "An action has no status. " + rule.message
                    )
                ]
            unfinished = any(word in status for word in _UNFINISHED)
            if unfinished and not (_filled(block.get("barrier")) or _filled(block.get("next"))):
                return [
                    report_finding(
                        rule,
                        "previous_actions",
                        "An unfinished action has no barrier or next step. " + rule.message,
                    )
                ]
        return []
    done_spans = _completions(doc, ctx.hits(doc, rule, "done"))
    unfinished_spans = ctx.hits(doc, rule, "unfinished")
    help_spans = ctx.hits(doc, rule, "barrier") + ctx.hits(doc, rule, "next_step")
    reference = ctx.hits(doc, rule, "reference")
    bounds = sentence_bounds(doc)
    if not (done_spans or unfinished_spans or reference) or len(doc) < 5:
        return [report_finding(rule, "previous_actions")]
    # An update says what happened to something specific ("the referral was made on 2
    # February"); "all actions have been worked on" or "still open to us" does not.
    # "since the last meeting": a word of the reference to the last conference is not
    # something specific that happened.
    referred = {i for s, e in reference for i in range(s, e)}
    concrete = [(s, e) for s, e in ctx.hits(doc, rule, "concrete") if s not in referred]
    like_num: list[bool] = doc.user_data.get("like_num") or []
    status_spans = done_spans + unfinished_spans
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    if not any(
        any(lo <= s < hi for s, _ in status_spans)
        and (
            any(_after_blanket(lower, lo, hi) <= s < hi for s, _ in concrete)
            or any(like_num[_after_blanket(lower, lo, hi) : hi])
        )
        for lo, hi in bounds
    ):
        return [
            report_finding(
                rule,
                "previous_actions",
                "This does not say what happened to each action. " + rule.message,
            )
        ]
    wording = _item_wording(doc, bounds, status_spans)
    unfinished_spans = [(s, e) for s, e in unfinished_spans if s not in wording]
    help_spans = [(s, e) for s, e in help_spans if s not in wording]
    unfinished_spans = _waiting_on_others(doc, unfinished_spans, done_spans)
    unfinished_spans = _quoted_in_done(doc, unfinished_spans, done_spans)
    unfinished_spans = _not_states(lower, unfinished_spans)
    unfinished_spans = unfinished_spans + _undone(doc, done_spans)
    items = list_items(doc)
    unfinished_spans += _part_counts(doc, done_spans, _with_items(bounds, items))
    help_spans = _real_help(doc, help_spans, ctx.hits(doc, rule, "next_step"), reference)
    help_spans += _explained(doc, unfinished_spans)
    # A date to come is the next step only of the action in its own sentence, and only
    # after its status ("not yet done; booked for 9/12"): before it, the date is the
    # action's own deadline as the last conference set it ("refer by 31/01 - not done").
    # In a list, a later sentence of the same item is that action's update too ("- Refer
    # to Adult Learning - PARTLY. Referral made 05/07 but the course didn't run over
    # summer. Place confirmed, starts 21/09.").
    to_come = _dates_to_come(doc, ctx.report.submitted_on or ctx.report.conference.date)
    dated = [
        (d, e)
        for d, e in to_come
        if any(u < d and sentence_of(doc, u) == sentence_of(doc, d) for u, _ in unfinished_spans)
    ]
    in_item = [
        (d, e)
        for d, e in to_come
        if (d, e) not in dated
        and any(lo <= u < d < hi for u, _ in unfinished_spans for lo, hi in items)
    ]
    help_spans += dated + in_item
    if _bare_item(doc, status_spans, help_spans):
        return [
            report_finding(rule, "previous_actions", "An action has no update. " + rule.message)
        ]
    here_only = {s for s, e in help_spans if e == s + 1 and lower[s] in _HERE_ONLY}
    here_only |= {s for s, _ in dated}
    unfinished_tokens = {i for s, e in unfinished_spans for i in range(s, e)}
    for k, (s_start, s_end) in enumerate(bounds):
        if not any(s_start <= s < s_end for s, _ in unfinished_spans):
            continue
        hi = _update_end(bounds, k, status_spans, help_spans, lower)
        # In a numbered or bulleted list the whole item is the action's update, however
        # many sentences its counts and reasons take before the next step.
        hi = max([hi] + [b for a, b in items if a <= s_start < b])
        if not any(
            s_start <= s < (s_end if s in here_only else hi) and s not in unfinished_tokens
            for s, _ in help_spans
        ):
            return [
                report_finding(
                    rule,
                    "previous_actions",
                    "An unfinished action has no barrier or next step. " + rule.message,
                )
            ]
    return []
