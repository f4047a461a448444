"""Quotation and reported speech: whose words, wishes and feelings a sentence reports.

Direct quotes are found by their quote marks; reported speech and feelings by a verb
lexicon (lemmas) with the speaker taken from the nearest person mention before the verb
in the same sentence ("Leah told me", "she said"), or just after it ("said Leah").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from itertools import compress, repeat
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from scoring.nlp.context import sentence_bounds
from scoring.nlp.deferred import Deferred
from scoring.nlp.people import Mention
from scoring.nlp.quotes import quote_tokens
from scoring.nlp.tokens import case_tells

if not Doc.has_extension("quotes"):
    Doc.set_extension("quotes", default=None)
if not Doc.has_extension("utterances"):
    Doc.set_extension("utterances", default=None)


class Utterance(NamedTuple):
    """A speech, feeling or quote event and whose it is (None: unknown); a cheap tuple."""

    kind: str  # speech, feeling, quote, term (a quoted term or descriptor: nobody's words)
    start: int
    end: int
    speaker: str | None  # the speaker's role
    sent: tuple[int, int]
    member: int = -1  # the speaker's index in Cast.members, -1 when not a listed person


_OBJECT_PRONOUNS = frozenset({"him", "them", "me", "us"})
_SUBJECT_PRONOUNS = frozenset({"she", "he", "they", "i", "we"})
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
_OBJECT_MARKS = _PREPOSITIONS | {"like", "than"}  # before a name that is no quote's speaker
_CLOSING = frozenset({",", '"', "'", "\u201d", "\u2019", "?", "!", "-", "\u2013", "\u2014"})
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
_NOUN_PREPOSITIONS = frozenset({"of", "with", "about", "for", "from", "in", "by"})
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
# a child missing someone (which names who: "missing her dad"). "missed 2 dental appts",
# "misses messages from school": an absence or a lapse, not a feeling either.
_MISSED = frozenset(
    {"her", "him", "them", "you", "me", "us", "mum", "dad", "mummy", "daddy", "nan", "home",
     "friends", "being", "living", "seeing", "having", "going", "playing"}
)  # fmt: skip
_WHOSE = frozenset({"his", "her", "their", "my", "our", "your"})


_ASKING = frozenset({"ask", "wonder", "check", "enquire", "inquire", "explore"})
_QUESTION_WORDS = frozenset({"whether", "if", "how"})
_CLAUSE_STOPS = frozenset({".", ";", ":", "?", "!", "\n", "and", "but"})


def _asked_about(lower: list[str], lemma: list[str], start: int) -> bool:
    """A feeling inside a question someone asked ("I asked Leah whether she felt safe",
    "checked if he was happy") is what was asked, not what the child feels."""
    k = start - 1
    while k >= 0 and start - k <= 8 and lower[k] not in _CLAUSE_STOPS:
        if lower[k] in _QUESTION_WORDS:
            return any(lemma[j] in _ASKING for j in range(max(0, k - 4), k))
        k -= 1
    return False


def _outermost(events: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Speech and feeling events without those inside a longer one of the same kind: "is
    happy" and its "happy", "does not want" and its "want" are one event, whose speaker is
    worked out once (the inner word alone may find none, and be taken for the child's)."""
    kept: list[tuple[str, int, int]] = []
    reach: dict[str, int] = {}
    for kind, start, end in sorted(events, key=lambda ev: (ev[1], -ev[2])):
        if kind != "quote" and end <= reach.get(kind, -1):
            continue
        reach[kind] = max(reach.get(kind, -1), end)
        kept.append((kind, start, end))
    return kept


_NOT_NOUNS = frozenset({"and", "but", "or", "so", "when", "a", "very", "too", "lots", "loads"})


def _a_noun_next(word: str) -> bool:
    """After "her": a word "her" can be the possessive of ("her dad", "her two-year
    review"), not the end of the clause ("misses her.", "misses her and...")."""
    return (word.isalpha() or word[:1].isdigit()) and word not in _NOT_NOUNS


def _reported_missing(
    lower: list[str], lemma: list[str], people: set[int], start: int, end: int
) -> bool:
    """ "miss" that names no one missed: a missing episode or a missed event. Someone
    missed is a person or home right after it ("misses Nana", "missing her dad", "misses
    living with mum", "misses her"), possibly after a possessive ("his dad")."""
    if lemma[start] != "miss" or end - start != 1:
        return False
    j = end
    following = lower[j] if j < len(lower) else ""
    if following in _WHOSE and j + 1 < len(lower) and _a_noun_next(lower[j + 1]):
        # "missing her dad" names him; "missed his two-year review" names no one (the
        # possessive is a person, but not the one missed)
        after = lower[j + 1]
        return not (after in _MISSED or j + 1 in people)
    return not (following in _MISSED or following.endswith(("'s", "’s")) or j in people)


def _noun_use(
    lower: list[str], lemma: list[str], orth: Sequence[str], start: int, possessive: bool = True
) -> bool:
    """A speech or feeling word used as a noun ("his account", "any new worry"); with
    possessive=False a possessive before it does not count ("his favourite" is his)."""
    form = lower[start]
    # Only the bare, plural or -ing form can be a noun: "said", "told" never are.
    if not (form == lemma[start] or form == lemma[start] + "s" or form.endswith("ing")):
        return False
    if start + 1 < len(lower) and lower[start + 1] in _VERB_NEXT:
        return False  # "the SW reports that...", "her mum tells me"
    plural = form != lemma[start] and not form.endswith("ing")
    i = start - 1
    while (
        i >= 0
        and i >= start - 3
        and (
            lower[i] in _NOUN_SKIP
            or (len(orth[i]) > 1 and orth[i].isupper() and orth[i] != "I")
            or (plural and lower[i].endswith("ed"))  # "raised voices"
        )
    ):
        i -= 1
    if i < 0:
        return False
    word = lower[i]
    if word.isdigit() or word in _NOUN_BEFORE - {"her", "his", "their", "that"}:
        return True
    if plural and word in _NOUN_PREPOSITIONS:
        return True  # "a lot of raised voices", "with threats": a plural noun
    if word in ("her", "his", "their"):
        return possessive and not (i > 0 and lower[i - 1] in _OBJECT_VERBS)
    return False


# Greetings and courtesies: "always says hello", "said thank you" are manners, not words of
# the child's own about their life.
_FORMULAE = frozenset(
    {"hello", "hi", "hiya", "goodbye", "bye", "please", "thanks", "thank", "sorry", "morning",
     "goodnight", "night", "cheers", "ta"}
)  # fmt: skip


def _formula(lower: list[str], lemma: list[str], s: int, e: int) -> bool:
    """ "says hello", "said thank you to the driver", "says good morning": a greeting or a
    courtesy, and nothing more in the clause, is manners, not the child's view."""
    if lemma[s] != "say" or e >= len(lower):
        return False
    k = e + (lower[e] == "good")
    if k >= len(lower) or lower[k] not in _FORMULAE:
        return False
    k += 1 + (k + 1 < len(lower) and lower[k + 1] == "you")
    return k >= len(lower) or lower[k] in (".", ",", ";", "and", "!", "to", "when", "\n")


_MEASURING = frozenset({"rate", "score", "scale"})
_ADVERBS = frozenset({"then", "also", "now", "both", "each", "all", "later", "again", "first"})


def _measure_noun(
    lower: list[str], lemma: list[str], mentions: Sequence[Mention], s: int, e: int
) -> bool:
    """ "his heart rate settles", "the Apgar scores": a measuring word after a word that is
    not a person, a pronoun or an adverb is a noun in a compound, not anyone rating."""
    if e - s != 1 or not s or lemma[s] not in _MEASURING:
        return False
    if lower[s] not in (lemma[s], lemma[s] + "s"):
        return False  # "rated", "scoring": a verb's forms
    before = lower[s - 1]
    if not before.isalpha() or before in _SUBJECT_PRONOUNS or before in _ADVERBS:
        return False
    if before.endswith("ly"):
        return False
    return not any(m.start < s <= m.end for m in mentions)


def _could_be_subject(lower: list[str], lemma: list[str], orth: Sequence[str], m: Mention) -> bool:
    """Object pronouns and prepositional objects cannot be the speaker ("praying over her")."""
    first = lower[m.start]
    if first in _OBJECT_PRONOUNS or (m.pronoun and first in ("her", "his")):
        # "her" is an object or a possessive, "his" a possessive: "her teacher says" and
        # "his mother's family are Bengali-speaking" are not the child speaking.
        return False
    if m.start > 0 and lower[m.start - 1] in _PREPOSITIONS:
        return False
    if m.end < len(lower) and lower[m.end] in ("'s", "’s"):
        return False  # "Jayden's mum said": the possessor is not the speaker
    # "live with Amy and Freya": the second of two objects is an object too; "she" never is
    # ("talking to her and she was smiling").
    return first in _SUBJECT_PRONOUNS or not (
        m.start >= 3 and lower[m.start - 1] in ("and", "or") and lower[m.start - 3] in _PREPOSITIONS
    )


# A quote after these is a term or a descriptor, not words someone said: "presented as
# 'subdued'", "moved from 'working towards'", "who he calls 'Grandma Pearl'", "was 'low'".
_TERM_BEFORE = frozenset(
    {"as", "from", "to", "of", "with", "for", "about", "into", "than", "like", "is", "was",
     "were", "are", "be", "been", "being", "seemed", "seems", "appeared", "appears", "looked",
     "looks", "presented", "presents", "call", "calls", "called", "named", "known", "termed",
     "labelled", "a", "an", "the", "his", "her", "their", "its", "very", "quite", "more",
     "most", "less", "rather", "somewhat", "bit", "and", "or", "deemed", "rated", "graded",
     # an item chosen on a form or questionnaire: its wording, not anyone's words
     "ticked", "ticks", "circled", "selected", "marked", "highlighted", "underlined",
     "endorsed", "scored"}
)  # fmt: skip
# Words that make a quote someone's own speech: first and second person, a question.
_SPEAKING = frozenset(
    {"i", "i'm", "i've", "i'd", "i'll", "me", "my", "mine", "myself", "we", "us", "our",
     "you", "your", "don't", "can't", "won't", "want", "?", "!"}
)  # fmt: skip


def _descriptor(
    lower: list[str], start: int, end: int, sent: tuple[int, int], attached: bool
) -> bool:
    """A quoted term or a professional's descriptor rather than someone's words.

    A quote a reporting verb introduces is speech unless it follows "as" ("described as
    'settled'"). One standing alone in its sentence is speech when it speaks in the first or
    second person or asks or exclaims; otherwise a short one (up to two words) or one after
    a copula, a preposition, "as" or "calls" is a descriptor.
    """
    before = lower[start - 1] if start > sent[0] else ""
    if attached:
        return before == "as"
    inner = lower[start + 1 : end - 1]
    if any(w in _SPEAKING for w in inner):
        return False
    words = [w for w in inner if w[:1].isalnum()]
    k = start - 1
    while k > sent[0] and len(lower[k]) > 3 and lower[k].endswith("ly") and lower[k].isalpha():
        k -= 1  # "he is visibly 'not from here'": the copula before the adverb
    return len(words) <= 2 or before in _TERM_BEFORE or (k < start - 1 and lower[k] in _TERM_BEFORE)


def _tool_item(
    lower: list[str],
    start: int,
    end: int,
    sent: tuple[int, int],
    attached: bool,
    mentions: Sequence[Mention],
) -> bool:
    """A quote after a label that names no one ("Boxall (Dec): 'avoids/rejects
    attachment'", "SDQ: 'often unhappy'"): an assessment tool's item or score, not words
    anyone said, unless it speaks in the first or second person. After a label naming
    someone ("Leah (6): 'no more shouting'") it is theirs, unless it fills a table's cell
    ("| Ruby: 'undeveloped/insecure sense of self' | 9 | 6 |": a strand and its scores)."""
    if attached or start == sent[0]:
        return False
    if any(w in _SPEAKING for w in lower[start + 1 : end - 1]):
        return False
    if end < len(lower) and lower[end] == "|":
        return True
    if not lower[start - 1].endswith(":"):
        return False
    return not any(sent[0] <= m.start < start for m in mentions)


# Words after which a person opens a clause of their own (the subject of what follows).
_CLAUSE_OPENERS = frozenset(
    {"and", "but", "that", "because", "when", "so", "then", "while", "whilst", "if", "as",
     "although", "though", "since", "until", "where", "who", "whether"}
)  # fmt: skip
_SUBORDINATORS = frozenset(
    {"when", "if", "because", "although", "though", "while", "whilst", "as", "after",
     "before", "since", "until", "once", "whenever", "unless", "that", "who", "whether"}
)  # fmt: skip
_SAYING = frozenset({"say", "tell", "think", "feel", "know", "believe", "report", "explain"})


def _object_position(lower: list[str], lemma: list[str], m: Mention, sent_start: int) -> bool:
    """A mention right after a verb ("hitting Jayden"), not opening a clause of its own."""
    if m.start <= sent_start:
        return False
    prev = lower[m.start - 1]
    return prev.isalpha() and prev not in _CLAUSE_OPENERS and lemma[m.start - 1] not in _SAYING


_PASSIVE_VERBS = frozenset({"like", "love", "want", "hate", "miss", "enjoy", "prefer", "dislike"})


def _passive(lower: list[str], lemma: list[str], start: int, end: int) -> bool:
    """ "Jayden is well liked", "she was missed": the child is liked, the feeling is others'."""
    if end - start != 1 or lemma[start] not in _PASSIVE_VERBS or not lower[start].endswith("ed"):
        return False
    i = start - 1
    if i >= 0 and (lower[i].endswith("ly") or lower[i] in ("well", "much", "very")):
        i -= 1
    return i >= 0 and lemma[i] in ("be", "get", "feel")


# Verbs whose passive gives someone else's account of the subject ("is said to enjoy
# school", "was described as happy"); not asking or telling, whose subject then answers.
_ACCOUNT_VERBS = frozenset(
    {"report", "say", "describe", "note", "record", "document", "think", "believe", "understand"}
)
_BE = frozenset({"is", "was", "are", "were", "be", "been", "being", "'s"})


def _reported_passive(lower: list[str], lemma: list[str], start: int, end: int) -> bool:
    """ "Jayden is reported to be happy", "It was reported Jayden was upset", "Kayden's
    statements about wishing he was dead, reported by mum"."""
    if end - start != 1 or lemma[start] not in _ACCOUNT_VERBS or lower[start] == lemma[start]:
        return False
    if end < len(lower) and lower[end] == "by" and lower[start].endswith(("ed", "aid")):
        return True  # a participle with its agent: the agent gives the account
    i = start - 1
    if i >= 0 and (lower[i].endswith("ly") or lower[i] in ("also", "often", "widely")):
        i -= 1
    return i >= 0 and lower[i] in _BE


_LIKE_AS_PREPOSITION = frozenset(
    {"is", "was", "are", "were", "be", "been", "look", "looks", "looked", "looking", "seem",
     "seems", "seemed", "sound", "sounds", "feel", "feels", "felt", "just", "more", "nothing",
     "something", "anything", "things", "stuff", "much", "exactly", "act", "acts", "acted",
     "behave", "behaves", "behaved", ","}
)  # fmt: skip


def _preposition_like(lower: list[str], orth: Sequence[str], start: int, end: int) -> bool:
    """ "White British like mum", "looks like her dad": "like" as a preposition."""
    if end - start != 1 or lower[start] != "like" or start == 0:
        return False
    prev = orth[start - 1]
    return lower[start - 1] in _LIKE_AS_PREPOSITION or (prev.istitle() and prev != "I")


_LANGUAGE_WORDS = frozenset(
    {"english", "language", "languages", "fluently", "fluent", "little", "some", "both",
     "two", "three", "well", "mainly", "mostly", "only"}
)  # fmt: skip


def _language_use(
    lower: list[str], lemma: list[str], orth: Sequence[str], start: int, end: int
) -> bool:
    """ "Speaks Czech at home", "speaks English fluently", "understands but answers in
    English": which language, not what was said."""
    if end >= len(lower):
        return False
    if lemma[start] != "speak":
        # another verb of talking, with the language after "in": "answers in English",
        # "replies in Polish", "writes in Arabic"
        if lemma[start] not in _IN_A_LANGUAGE or lower[end] != "in" or end + 1 >= len(lower):
            return False
        end += 1
    following = orth[end]
    return lower[end] in _LANGUAGE_WORDS or (following.istitle() and following != "I")


_VIEWS = frozenset({"think", "believe", "reckon"})
# After "draw", words that make it no drawing ("draws up insulin", "drew attention to");
# not "on" or "in", which a child draws on or in ("drew on the whiteboard").
_DRAW_PARTICLES = frozenset(
    {"up", "out", "back", "near", "attention", "breath", "blood", "conclusions"}
)
_IN_A_LANGUAGE = frozenset({"answer", "reply", "respond", "talk", "chat", "write", "communicate"})


class SpeechFinder:
    def __call__(self, doc: Doc) -> Doc:
        # Worked out when a check first asks (deferred.py): most sections never are.
        doc.user_data["utterances"] = Deferred(doc, self.utterances)
        return doc

    def utterances(self, doc: Doc) -> list[Utterance]:
        quotes = quote_tokens(doc)
        hits = doc.user_data.get("hits") or {}
        mentions: list[Mention] = doc.user_data.get("mentions") or []
        bounds = sentence_bounds(doc)
        utterances: list[Utterance] = []
        lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        lemma: list[str] = doc.user_data.get("lemma") or [t.lemma_ for t in doc]
        orth: Sequence[str] = doc.user_data.get("orth") or [t.text for t in doc]
        # Capitals mark acronyms and names only where the text is not written in capitals.
        cased = orth if case_tells(doc) else lower
        people = {m.start for m in mentions}
        events = [
            ("speech", s, e)
            for s, e in hits.get("speech-verbs", ())
            if (e - s > 1 or not _noun_use(lower, lemma, cased, s))
            and not (s > 0 and lower[s - 1] == "-")  # "Bengali-speaking": an adjective
            and not _language_use(lower, lemma, orth, s, e)
            and not (lemma[s] == "add" and e < len(lower) and lower[e] == "to")  # "adds to this"
            # "draws up insulin", "drew attention to it": a phrasal verb, no drawing
            and not (lemma[s] == "draw" and e < len(lower) and lower[e] in _DRAW_PARTICLES)
            and not _measure_noun(lower, lemma, mentions, s, e)
            and not _formula(lower, lemma, s, e)
        ]
        events += [
            ("feeling", s, e)
            for s, e in hits.get("feeling-words", ())
            if not _reported_missing(lower, lemma, people, s, e)
            and not _asked_about(lower, lemma, s)
            and not (e - s == 1 and _noun_use(lower, lemma, cased, s, possessive=False))
            and not _passive(lower, lemma, s, e)
            and not _preposition_like(lower, cased, s, e)
            # the writer's own "I think", "we believe": an opinion frame, nobody's account
            # of a child (threshold-rationale reads it as one)
            and not (lemma[s] in _VIEWS and s and lower[s - 1] in ("i", "we"))
        ]
        events += [("quote", s, e) for s, e in quotes]
        if not events:
            return utterances
        scaffold = _scaffolding(doc, lower, bounds, quotes)
        if scaffold:
            events = [ev for ev in events if not any(a <= ev[1] < b for a, b in scaffold)]
        starts = [b[0] for b in bounds]
        words = _Words(doc, mentions, quotes)
        events = _outermost(events)
        events.sort(key=lambda ev: (ev[1], ev[0] == "quote"))
        last_speech: tuple[int, tuple[int, int], Mention | None] | None = None
        last_term = -1  # where the last quoted term ended
        for kind, start, end in events:
            if kind != "quote" and start < last_term:
                continue  # a word inside a quoted descriptor ("as 'withdrawn'") is the term's
            sent = bounds[max(bisect_right(starts, start) - 1, 0)]
            attached = kind == "quote" and last_speech is not None and last_speech[1] == sent
            if kind == "quote" and (
                _descriptor(lower, start, end, sent, attached)
                or _tool_item(lower, start, end, sent, attached, mentions)
                or (start - last_term in (1, 2) and lower[start - 1] in ("and", "or", ","))
            ):
                # "presented as 'subdued' and 'dishevelled'", "moved from 'working towards'"
                kind = "term"
                last_term = end
            if attached and last_speech is not None:
                # "Rebecca tells me Noah is 'fine'": a quote after a reporting verb in its
                # sentence is that verb's speaker's words, whoever they are about.
                speaker = last_speech[2]
            else:
                speaker = words.speaker(kind, start, end, sent)
            passive = kind == "speech" and _reported_passive(lower, lemma, start, end)
            if kind == "speech" and start not in words.quoted and not passive:
                # (A quote after a passive, "his comments were recorded: '...'", is not
                # the recorder's: its speaker is found as for any quote.)
                last_speech = (start, sent, speaker)
            if passive:
                # "Jayden is reported to be happy", "It was said that...": someone unnamed
                # gives the account, not the sentence's subject.
                utterances.append(Utterance(kind, start, end, "other", sent))
            elif speaker is None:
                utterances.append(Utterance(kind, start, end, None, sent))
            else:
                utterances.append(Utterance(kind, start, end, speaker.role, sent, speaker.member))
        return utterances


_QUESTION_OPENERS = frozenset(
    {"what", "how", "does", "do", "did", "is", "are", "has", "have", "can", "could", "who",
     "where", "why", "when", "which", "would", "will", "please"}
)  # fmt: skip
_PROMPT_LABEL = 3  # tokens: "Q:" or "2a:" before a prompt's question word
_PROMPT_ASIDE = 80  # tokens: the longest bracketed guidance read as the prompt's
_OPENING_QUOTES = frozenset({'"', "'", "\u201c", "\u2018"})
_PERSONAL = frozenset({"i", "we", "he", "she", "they", "him", "her", "them", "me", "us"})
_LABEL_TOKENS = 8
_SPEAKER_REACH = 80  # tokens before a speech word where its speaker may be named
_LABEL_STOPS = frozenset({":", ";", ".", "\n", "-", "\u2013"})
_DASH_LABELS = frozenset({":", "-", "\u2013", "\u2014"})  # "Ms Mills \u2013 Kayden '...'"
_LIST_GLUE = frozenset({";", ",", "and", "&"})
_MARKS = frozenset({":", "?"})
_SQUARE = frozenset({"[", "]"})
_BRACKETS = ("(", ")")


def _scaffolding(
    doc: Doc, lower: list[str], bounds: list[tuple[int, int]], quotes: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Token ranges of a template's scaffolding, which says nothing anyone said or felt:
    a label ("Voice of the child:", "Wishes and feelings: not seen"), a prompt ("What does
    the child say?") and a placeholder ("[Record the child's views here]"). A label is the
    text before a colon early in its line with no name or personal pronoun in it ("Kai
    told me: ..." and "He said: ..." are speech), unless a quotation follows it ("Told
    officers: 'Jordan pushed mummy'", or "Child's words:" and the words on the next
    line). A prompt is a question with no quotation in it, opening with a question word."""
    text: str = doc.user_data.get("src") or ""
    if ":" not in text and "?" not in text and "[" not in text:
        return []  # the usual section: nothing to look at
    cast = doc.user_data.get("cast")
    names = cast.by_name.keys() if cast is not None else frozenset()
    starts = [lo for lo, _ in bounds]
    marks = compress(range(len(lower)), map(_MARKS.__contains__, lower))
    found: list[tuple[int, int]] = []
    seen: set[tuple[int, int]] = set()
    for mark in marks:
        k = bisect_right(starts, mark) - 1
        if k < 0 or (k, mark) in seen:
            continue
        lo, hi = bounds[k]
        if lower[mark] == ":":
            seen.update((k, i) for i in range(lo, hi) if lower[i] == ":")  # the first only
            if mark > lo + _LABEL_TOKENS or any(lo <= qs < mark for qs, _ in quotes):
                continue
            rest = [w for w in lower[mark + 1 : hi] if not w.isspace()]
            nxt = bounds[k + 1][0] if k + 1 < len(bounds) else None
            introduces = (rest[:1] or [lower[nxt] if nxt is not None else ""])[0] in _OPENING_QUOTES
            if not introduces and not any(w in names or w in _PERSONAL for w in lower[lo:mark]):
                found.append((lo, mark + 1))
        else:  # "?"
            last = hi - 1
            while last > lo and lower[last].isspace():
                last -= 1
            quoted = any(lo <= qs < hi for qs, _ in quotes)
            first = lo
            if ":" in lower[lo : lo + _PROMPT_LABEL]:  # "Q: What does the child say?"
                first = lower.index(":", lo, lo + _PROMPT_LABEL) + 1
            while first < hi and lower[first].isspace():
                first += 1
            if mark == last and not quoted and first < hi and lower[first] in _QUESTION_OPENERS:
                found.append((lo, hi))
                # The template's guidance in brackets after its prompt ("(Wishes, feelings,
                # own words. If the child was not seen, say why.)") is the prompt's too.
                aside = _bracketed_after(lower, hi)
                if aside is not None:
                    found.append(aside)
    if "[" in text:
        opened = None
        for i in compress(range(len(lower)), map(_SQUARE.__contains__, lower)):
            w = lower[i]
            if w == "[":
                opened = i
            elif w == "]" and opened is not None:
                found.append((opened, i + 1))
                opened = None
    return found


def _bracketed_after(lower: list[str], i: int) -> tuple[int, int] | None:
    """The token range of a bracketed aside that opens at token i (spaces skipped)."""
    while i < len(lower) and lower[i].isspace():
        i += 1
    if i >= len(lower) or lower[i] != "(":
        return None
    for k in range(i + 1, min(i + _PROMPT_ASIDE, len(lower))):
        if lower[k][:1] == ")":
            return (i, k + 1)
        if lower[k] == "(":
            return None
    return None


class _Words:
    """One section's tokens and mentions, for finding who is speaking."""

    def __init__(self, doc: Doc, mentions: list[Mention], quotes: list[tuple[int, int]]) -> None:
        self.lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
        self.lemma: list[str] = doc.user_data.get("lemma") or [t.lemma_ for t in doc]
        self.orth: Sequence[str] = doc.user_data.get("orth") or [t.text for t in doc]
        self.mentions = mentions  # sorted by start
        self.mention_starts = [m.start for m in mentions]
        self.quotes = quotes
        # Every token inside a quote, so "is it quoted?" is one lookup, not a scan of the
        # quotes (a section of thousands of quotes made that quadratic per speech event).
        self.quoted = frozenset(i for qs, qe in quotes for i in range(qs, qe))
        # Each token inside brackets -> where its brackets close: an aside ("Seen alone
        # (mum in waiting room): said...") names nobody who speaks after it.
        self.aside: dict[int, tuple[int, int]] = {}  # token -> its brackets (open, close)
        if "(" in self.lower:  # most sections have no brackets
            opened: list[int] = []
            lower = self.lower
            # Only the tokens that open with a bracket are visited (found in C).
            marks = compress(range(len(lower)), map(str.startswith, lower, repeat(_BRACKETS)))
            for i in marks:
                w = lower[i]
                if w == "(":
                    opened.append(i)
                elif w[:1] == ")" and opened:  # the tokeniser may join "):"
                    lo = opened.pop()
                    for k in range(lo + 1, i):
                        self.aside.setdefault(k, (lo, i))

    def _between(self, lo: int, hi: int) -> list[Mention]:
        """Mentions starting in [lo, hi), in order."""
        starts = self.mention_starts
        return self.mentions[bisect_left(starts, lo) : bisect_left(starts, hi)]

    def _cited(self, end: int) -> Mention | None:
        """The source named in brackets right after the words: '"She keeps saying she's
        going to be the best big sister." (Kirsty, 08/06)'."""
        lower = self.lower
        j = end
        while j < len(lower) and lower[j].isspace() and "\n" not in lower[j]:
            j += 1
        if j >= len(lower) or lower[j] != "(":
            return None
        return next(iter(self._between(j + 1, j + 2)), None)

    def _label_head(self, before: list[Mention], start: int) -> Mention | None:
        """The first person named in the label a quote follows ("Name ... : 'words'")."""
        lower = self.lower
        i = start - 1
        while i >= 0 and lower[i].isspace():
            i -= 1
        if i < 0 or not lower[i].endswith(":"):
            return None
        lo = i - 1
        while lo >= 0 and lower[lo] not in _LABEL_STOPS:
            lo -= 1
        return next((m for m in before if lo < m.start < i), None)

    def _list_head(self, before: list[Mention], start: int) -> Mention | None:
        """The person a line's label names when the quote is one of a list of names and
        their words after it ("Ms Mills – Kayden 'won't get out of bed'; Summer 'has
        tummy aches'"): the mother's account of each child. Between the label and the
        quote only names, earlier quotes and list punctuation."""
        lower, quoted = self.lower, self.quoted
        names = {i for m in before for i in range(m.start, m.end)}
        i = start - 1
        while i >= 0 and (
            i in quoted or i in names or lower[i].isspace() or lower[i] in _LIST_GLUE
        ):
            i -= 1
        if i < 1 or lower[i] not in _DASH_LABELS or i + 1 not in names:
            return None
        return next((m for m in before if m.end == i), None)

    def _subject_over_object(self, before: list[Mention], sent: tuple[int, int]) -> Mention | None:
        """ "Luana wants Sofia baptised at the Brazilian Mass like Davi and wants her to speak
        Portuguese 'so she can talk to my mother'": the nearest name before a quote is a
        preposition's object; the words are the sentence's subject's, named first."""
        lower = self.lower
        nearest = before[-1]
        if nearest.start == 0 or lower[nearest.start - 1] not in _OBJECT_MARKS:
            return None
        first = before[0]
        if first is nearest or first.start != sent[0] or first.pronoun:
            return None
        return first

    def speaker(self, kind: str, start: int, end: int, sent: tuple[int, int]) -> Mention | None:
        lower, lemma = self.lower, self.lemma
        quoted = self.quoted

        # A verb's subject is not in brackets closed before it (an aside); a label's
        # brackets may name a quote's source ("SDQ (teacher, May): 'often unhappy'").
        aside = self.aside if kind != "quote" else {}
        # A verb in brackets has its subject in them too: "...talking to an adult
        # (reported to police 07/07)" is reported by no one named.
        within = aside.get(start, (-1, -1))[0]
        no_aside = (len(self.lower), len(self.lower))

        # Mentions inside a quote are what was said, not who said it.
        def outside(m: Mention) -> bool:
            return (
                m.start not in quoted
                and aside.get(m.start, no_aside)[1] >= start
                and m.start > within
            )

        if (
            kind == "speech"
            and start > 0
            and lemma[start - 1] in ("be", "get")
            and not lower[start].endswith("ing")
        ):
            return None  # passive: "Arber will be told by..." names the listener (not "was saying")
        # The speaker is named within reach of the words: a sentence of thousands of
        # tokens (no full stops) must not be scanned whole for each of its speech words.
        before = [
            m
            for m in self._between(max(sent[0], start - _SPEAKER_REACH), start)
            if outside(m) and _could_be_subject(lower, lemma, self.orth, m)
        ]
        if kind == "quote":
            cited = self._cited(end)
            if cited is not None:
                return cited
            after = [m for m in self._between(end, sent[1]) if outside(m)]
            # "Leah said, 'I like school'" or "'I like school,' Leah said". After a label,
            # the one it names first: "Tyrese (Y6) with learning mentor: 'It's better'".
            if before:
                return (
                    self._label_head(before, start)
                    or self._list_head(before, start)
                    or self._subject_over_object(before, sent)
                    or before[-1]
                )
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
                if len(before) >= 2 and lower[start - 1] in ("and", "but", "then", ","):
                    # "He admitted hitting Jayden and said...", "Ms Doyle will meet Jayden,
                    # record what he says, and tell...": a verb joined on with no subject of
                    # its own shares the sentence's subject, not an object or a clause's
                    # ("When Mireille is late, Grace stands at the gate and says...").
                    main = [
                        m
                        for m in before
                        if m.start == sent[0] or lower[m.start - 1] not in _SUBORDINATORS
                    ]
                    return main[0] if main else nearest
                if (
                    len(before) >= 2
                    and any(w in ("and", "but", "then") for w in between)
                    and _object_position(lower, lemma, nearest, sent[0])
                ):
                    return before[-2]
                return nearest
        # Inverted attribution ("...,' said Leah"), right after the words' closing mark; not
        # the addressee ("spoke to Leah", "I asked Leah whether...", "Asked Leah about home").
        if (
            kind == "speech"
            and lemma[start] in _INVERTING
            and start
            and lower[start - 1] in _CLOSING
        ):
            after = self._between(end, end + 1)
            if after:
                return after[0]
        return None


@Language.factory("cpc_speech", requires=["doc._.mentions"], assigns=["doc._.utterances"])
def make_speech(nlp: Language, name: str) -> SpeechFinder:
    return SpeechFinder()
