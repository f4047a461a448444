"""ConText-style modifiers: negation, hypothesis and history, with direction and scope.

A trigger ("not", "if", "previously") opens a scope forward or backward inside its
sentence; the scope stops at a terminator ("but", "because", ";"), the sentence edge or the
trigger's max_tokens. Checks ask whether a token lies in a scope of a category, e.g. so
that "father was not seen" does not count as seeing him, while "not seen because he is in
custody" still counts as an explanation (the terminator "because" ends the negation).
"""

from __future__ import annotations

from bisect import bisect_right
from operator import itemgetter

from spacy.language import Language
from spacy.tokens import Doc

from scoring.nlp.quotes import quote_tokens
from scoring.nlp.tokens import case_tells
from scoring.resources import lexicons

Scope = tuple[str, int, int]  # category, first token, token after the last

for _name, _default in (("scopes", None), ("sent_bounds", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    bounds = doc.user_data.get("sent_bounds")
    if bounds is None:
        bounds = [(s.start, s.end) for s in doc.sents] if len(doc) else []
        doc.user_data["sent_bounds"] = bounds
    return bounds


def sentence_of(doc: Doc, i: int) -> tuple[int, int]:
    bounds = sentence_bounds(doc)
    k = bisect_right(bounds, i, key=itemgetter(0)) - 1
    return bounds[max(k, 0)] if bounds else (0, len(doc))


def in_scope(doc: Doc, i: int, category: str) -> bool:
    scopes = doc.user_data.get("scopes") or ()
    return any(cat == category and start <= i < end for cat, start, end in scopes)


def span_in_scope(doc: Doc, start: int, end: int, category: str) -> bool:
    return any(
        cat == category and s < end and start < e for cat, s, e in doc.user_data.get("scopes") or ()
    )


# A backward scope also ends at a comma: the clause before it is another one ("From what
# we see, he is not suffering harm" does not negate what we see).
# Words that deny what follows them in a clause ("not", "n't", "never"), for checks that
# look for a denial near a word without the full scope machinery.
NEGATION_WORDS = frozenset({"not", "n't", "no", "never", "nothing"})
_BACKWARD_STOPS = frozenset({","})
# A subject pronoun opens the clause a backward trigger ("is not") ends.
_SUBJECT_PRONOUNS = frozenset({"she", "he", "they", "we", "i"})


_BEFORE_A_MONTH = frozenset(
    {"in", "on", "since", "of", "during", "until", "till", "by", "from", "early", "late",
     "mid", "end", "last", "next", "this", "before", "after", "between", "and", ","}
)  # fmt: skip


def _the_month(doc: Doc, i: int) -> bool:
    """Whether "May" (which the lemma table shares with "might") is the month: written
    with a capital inside a sentence where letter case tells, or with a date's words or
    numbers around it."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    before = lower[i - 1] if i else ""
    after = lower[i + 1] if i + 1 < len(lower) else ""
    if before.isdigit() or after[:1].isdigit() or before in _BEFORE_A_MONTH:
        return True
    orth = doc.user_data.get("orth")
    word = orth[i] if orth is not None else doc[i].text
    starts_sentence = i == 0 or before in (".", "\n", "!", "?", ":")
    return word == "May" and not starts_sentence and case_tells(doc)


# A terminator straight after a trigger is an adverb of it, not a conjunction: "not yet
# able", "cannot yet tell", "has not yet been done".
_ADVERBIAL_AFTER_TRIGGER = frozenset({"yet"})


class ContextModifiers:
    def __init__(self) -> None:
        lex = lexicons()["context-modifiers"]
        self.terminators = frozenset(lex.get("terminators") or ())

    def __call__(self, doc: Doc) -> Doc:
        scopes: list[Scope] = []
        hits = doc.user_data.get("hits") or {}
        labels = [k for k in hits if k.startswith("ctx:")]
        if labels:
            lemmas: list[str] = doc.user_data.get("lemma") or [t.lemma_ for t in doc]
            terminators = self.terminators
            bounds = sentence_bounds(doc)
            starts = [b[0] for b in bounds]
            # A trigger inside quotation marks reaches only to the quote's end: the flag
            # 'do not disclose address' does not negate the "DONE" written after it.
            quotes = quote_tokens(doc)
            for label in labels:
                _, category, direction, max_tokens = label.split(":")
                limit = int(max_tokens)
                for t_start, t_end in hits[label]:
                    if (
                        t_end - t_start == 1
                        and lemmas[t_start] == "may"
                        and _the_month(doc, t_start)
                    ):
                        continue  # "seen in May", "Leah (class, May):": a date, not "might"
                    s_start, s_end = bounds[max(bisect_right(starts, t_start) - 1, 0)]
                    for q_start, q_end in quotes:
                        if q_start <= t_start < q_end:
                            s_start, s_end = max(s_start, q_start), min(s_end, q_end)
                    if direction == "forward":
                        end = t_end
                        stop = min(s_end, t_end + limit)
                        if end < stop and lemmas[end] in _ADVERBIAL_AFTER_TRIGGER:
                            end += 1  # "cannot yet tell": "yet" here is no "but"
                        while end < stop and lemmas[end] not in terminators:
                            end += 1
                        scopes.append((category, t_end, end))
                    else:
                        begin = t_start
                        stop = max(s_start, t_start - limit)
                        while (
                            begin > stop
                            and lemmas[begin - 1] not in terminators
                            and lemmas[begin - 1] not in _BACKWARD_STOPS
                        ):
                            begin -= 1
                            if lemmas[begin] in _SUBJECT_PRONOUNS:
                                break  # "...most weekends she isn't at Kayla's": her clause
                        scopes.append((category, begin, t_start))
        doc.user_data["scopes"] = scopes
        return doc


@Language.factory("cpc_context", requires=["doc._.hits"], assigns=["doc._.scopes"])
def make_context(nlp: Language, name: str) -> ContextModifiers:
    return ContextModifiers()
