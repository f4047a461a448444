"""Quotation and reported speech: whose words, wishes and feelings a sentence reports.

Direct quotes are found by their quote marks; reported speech and feelings by a verb
lexicon (lemmas) with the speaker taken from the nearest person mention before the verb
in the same sentence ("Leah told me", "she said"), or just after it ("said Leah").
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from scoring.nlp.context import sentence_bounds
from scoring.nlp.people import Mention
from scoring.nlp.tokens import token_range

# Straight double quotes, curly double and single quotes; a straight single quote only
# when it opens after a space or bracket and closes before punctuation or space, so that
# apostrophes in "mum's" and "didn't" are not taken for quotes. Every branch starts with its
# quote mark (the "opens after a space" test is a look-behind past it), so re can skip ahead
# to the next quote mark instead of trying each branch at every character.
_QUOTE = re.compile(
    r"“[^”\n]{1,400}”|\"[^\"\n]{1,400}\"|‘[^’\n]{1,400}’"
    r"|'(?<![^\s(\[]')[^'\n]{1,400}'(?=[\s.,;:!?)\]]|$)"
)

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)
if not Doc.has_extension("utterances"):
    Doc.set_extension("utterances", default=None)


class Utterance(NamedTuple):
    """A speech, feeling or quote event and whose it is (None: unknown); a cheap tuple."""

    kind: str  # speech, feeling, quote
    start: int
    end: int
    speaker: str | None  # the speaker's role
    sent: tuple[int, int]
    member: int = -1  # the speaker's index in Cast.members, -1 when not a listed person


def quote_char_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTE.finditer(text)]


_OBJECT_PRONOUNS = frozenset({"him", "them", "me", "us"})
_PREPOSITIONS = frozenset(
    {
        "to",
        "with",
        "over",
        "at",
        "for",
        "from",
        "about",
        "by",
        "on",
        "of",
        "towards",
        "toward",
        "around",
        "near",
        "after",
    }
)
_INVERTING = frozenset({"say", "ask", "reply", "explain", "add", "answer"})
# A speech word after a determiner, possessive or number is a noun ("her talking", "3 previous
# reports", "his account"), not someone speaking.
_NOUN_BEFORE = frozenset(
    {
        "a",
        "an",
        "the",
        "his",
        "her",
        "their",
        "its",
        "my",
        "our",
        "your",
        "this",
        "that",
        "these",
        "those",
        "no",
        "any",
        "some",
        "several",
        "many",
        "few",
        "two",
        "three",
        "four",
        "five",
        "further",
        "more",
        "'s",
        "’s",
    }
)
_NOUN_SKIP = frozenset(
    {
        "previous",
        "prior",
        "recent",
        "earlier",
        "written",
        "verbal",
        "police",
        "school",
        "own",
        "other",
        "first",
        "second",
        "latest",
        "new",
    }
)
# "I heard her talking", "let him say": after these the possessive-looking word is an object.
_OBJECT_VERBS = frozenset(
    {
        "hear",
        "heard",
        "let",
        "make",
        "made",
        "help",
        "helped",
        "see",
        "saw",
        "watch",
        "watched",
        "allow",
        "allowed",
        "get",
        "got",
    }
)


_VERB_NEXT = frozenset(
    {
        "that",
        "to",
        "me",
        "us",
        "him",
        "them",
        "he",
        "she",
        "they",
        "i",
        "we",
        "how",
        "what",
        "why",
        "when",
        "it",
    }
)


# "reported Jayden missing", "went missing", "missing from home": a missing episode, not
# a child missing someone (which names who: "missing her dad").
_MISSED = frozenset(
    {"her", "him", "them", "his", "their", "my", "our", "mum", "dad", "mummy", "daddy", "nan",
     "home", "friends"}
)  # fmt: skip


def _reported_missing(lower: list[str], start: int, end: int) -> bool:
    if lower[start] != "missing" or end - start != 1:
        return False
    following = lower[end] if end < len(lower) else ""
    return following not in _MISSED and not following.endswith("'s")


def _noun_use(lower: list[str], lemma: list[str], orth: Sequence[str], start: int) -> bool:
    form = lower[start]
    # Only the bare, plural or -ing form can be a noun: "said", "told" never are.
    if not (form == lemma[start] or form == lemma[start] + "s" or form.endswith("ing")):
        return False
    if start + 1 < len(lower) and lower[start + 1] in _VERB_NEXT:
        return False  # "the SW reports that...", "her mum tells me"
    i = start - 1
    while (
        i >= 0
        and i >= start - 3
        and (lower[i] in _NOUN_SKIP or (len(orth[i]) > 1 and orth[i].isupper() and orth[i] != "I"))
    ):
        i -= 1
    if i < 0:
        return False
    word = lower[i]
    if word.isdigit() or word in _NOUN_BEFORE - {"her", "his", "their", "that"}:
        return True
    if word in ("her", "his", "their"):
        return not (i > 0 and lower[i - 1] in _OBJECT_VERBS)
    return False


def _could_be_subject(lower: list[str], lemma: list[str], orth: Sequence[str], m: Mention) -> bool:
    """Object pronouns and prepositional objects cannot be the speaker ("praying over her")."""
    first = lower[m.start]
    if first in _OBJECT_PRONOUNS:
        return False
    if (
        m.pronoun
        and first == "her"
        and (m.end >= len(lower) or not orth[m.end].isalpha() or lemma[m.end] in ("and", "to"))
    ):
        return False  # "her" not followed by a noun is an object, not "her mum"
    if m.start > 0 and lower[m.start - 1] in _PREPOSITIONS:
        return False
    # "live with Amy and Freya": the second of two objects is an object too.
    return not (
        m.start >= 3 and lower[m.start - 1] in ("and", "or") and lower[m.start - 3] in _PREPOSITIONS
    )


class SpeechFinder:
    def __call__(self, doc: Doc) -> Doc:
        quotes: list[tuple[int, int]] = []
        for c_start, c_end in quote_char_spans(doc.user_data["src"]):
            tokens = token_range(doc, c_start, c_end)
            if tokens is not None:
                quotes.append(tokens)
        doc.user_data["quotes"] = quotes
        hits = doc.user_data.get("hits") or {}
        mentions: list[Mention] = doc.user_data.get("mentions") or []
        bounds = sentence_bounds(doc)
        utterances: list[Utterance] = []
        lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        lemma: list[str] = doc.user_data.get("lemma") or [t.lemma_ for t in doc]
        orth: Sequence[str] = doc.user_data.get("orth") or [t.text for t in doc]
        events = [
            ("speech", s, e)
            for s, e in hits.get("speech-verbs", ())
            if e - s > 1 or not _noun_use(lower, lemma, orth, s)
        ]
        events += [
            ("feeling", s, e)
            for s, e in hits.get("feeling-words", ())
            if not _reported_missing(lower, s, e)
        ]
        events += [("quote", s, e) for s, e in quotes]
        if not events:
            doc.user_data["utterances"] = utterances
            return doc
        starts = [b[0] for b in bounds]
        words = _Words(doc, mentions, quotes)
        events.sort(key=lambda ev: (ev[1], ev[0] == "quote"))
        last_speech: tuple[int, tuple[int, int], Mention | None] | None = None
        for kind, start, end in events:
            sent = bounds[max(bisect_right(starts, start) - 1, 0)]
            if kind == "quote" and last_speech is not None and last_speech[1] == sent:
                # "Rebecca tells me Noah is 'fine'": a quote after a reporting verb in its
                # sentence is that verb's speaker's words, whoever they are about.
                speaker = last_speech[2]
            else:
                speaker = words.speaker(kind, start, end, sent)
            if kind == "speech" and not (quotes and any(qs <= start < qe for qs, qe in quotes)):
                last_speech = (start, sent, speaker)
            if speaker is None:
                utterances.append(Utterance(kind, start, end, None, sent))
            else:
                utterances.append(Utterance(kind, start, end, speaker.role, sent, speaker.member))
        doc.user_data["utterances"] = utterances
        return doc


class _Words:
    """One section's tokens and mentions, for finding who is speaking."""

    def __init__(self, doc: Doc, mentions: list[Mention], quotes: list[tuple[int, int]]) -> None:
        self.lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        self.lemma: list[str] = doc.user_data.get("lemma") or [t.lemma_ for t in doc]
        self.orth: Sequence[str] = doc.user_data.get("orth") or [t.text for t in doc]
        self.mentions = mentions  # sorted by start
        self.mention_starts = [m.start for m in mentions]
        self.quotes = quotes

    def _between(self, lo: int, hi: int) -> list[Mention]:
        """Mentions starting in [lo, hi), in order."""
        starts = self.mention_starts
        return self.mentions[bisect_left(starts, lo) : bisect_left(starts, hi)]

    def speaker(self, kind: str, start: int, end: int, sent: tuple[int, int]) -> Mention | None:
        lower, lemma = self.lower, self.lemma
        quotes = self.quotes

        # Mentions inside a quote are what was said, not who said it.
        def outside(m: Mention) -> bool:
            return not any(qs <= m.start < qe for qs, qe in quotes)

        if kind == "speech" and start > 0 and lemma[start - 1] in ("be", "get"):
            return None  # passive: "Arber will be told by..." names the listener
        before = [
            m
            for m in self._between(sent[0], start)
            if outside(m) and _could_be_subject(lower, lemma, self.orth, m)
        ]
        if kind == "quote":
            after = [m for m in self._between(end, sent[1]) if outside(m)]
            # "Leah said, 'I like school'" or "'I like school,' Leah said".
            if before:
                return before[-1]
            return after[0] if after else None
        if before:
            nearest = before[-1]
            # "I", "we" between the speaker and verb make the author the speaker:
            # "when I asked Leah she told me" still belongs to Leah via "she".
            between = lower[nearest.end : start]
            if (
                len(before) >= 2
                and "and" in between
                and "that" in lower[before[-2].end : nearest.start]
            ):
                # "Dean disagrees that Freya needs a plan and says...": the second verb
                # belongs to the main clause's subject, not to the that-clause's.
                return before[-2]
            if len(between) <= 6 and not any(w in ("i", "we") for w in between):
                return nearest
        # Inverted attribution ("...,' said Leah"), not the addressee ("spoke to Leah").
        if kind == "speech" and lemma[start] in _INVERTING:
            after = self._between(end, end + 1)
            if after:
                return after[0]
        return None


@Language.factory("cpc_speech", requires=["doc._.mentions"], assigns=["doc._.utterances"])
def make_speech(nlp: Language, name: str) -> SpeechFinder:
    return SpeechFinder()
