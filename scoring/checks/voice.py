"""voice-of-child: each child's wishes, feelings, own words or (if pre-verbal) lived experience.

Runs per child: a report about three children gives one finding for each child whose voice
is missing, carrying the child's key. Uses the speech component: an utterance (speech verb,
feeling word or quote) whose speaker resolves to the child counts, unless it is negated
("was not spoken to", "too young to express her views"), hypothetical, or reported by an
adult or professional in the same sentence ("mum says Leah is happy", "mum worries that
Leah is anxious", "happy according to mum"). A quote after a reporting verb is that verb's
speaker's ("Rebecca tells me Noah is 'fine'"); a baby under speech_months says nothing.
Observations of the child (the child is the one observed, not on someone's say-so) count
for a pre-verbal child in any section and for an older child in their own voice section.
For an unborn baby, the report's thought about the baby's expected daily life and the
parents' preparation for the birth is the voice (prebirth cues near the baby). Any section
may hold it; a child's own sections speak for that child, the family's sections for the
child they name (or the only child).

An adult relaying the child speaking ("Mum reports Maisie says her teeth hurt") is the
child's voice with its source stated; "Mum says he is settled" is not, nor is what the child
is only said to ask or talk about ("Dad told me he asks about his sister"). A speech verb
joined on with "and" after a long clause is the sentence subject's ("Archie wet himself ... and
drew"), unless a semicolon or "I"/"we" started a new clause first; a titled name ("Ms
Keane") is never the child speaking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc

from scoring.assessment import Finding
from scoring.calendar import age_in_months
from scoring.checks import Context, Rule, check, child_findings
from scoring.document import Child
from scoring.nlp.context import in_scope, sentence_of
from scoring.nlp.people import Mention
from scoring.nlp.speech import Utterance

ADULT_ROLES = frozenset(
    {"mother", "father", "male_carer", "male_adult", "female_adult", "other", "parents"}
)


@dataclass(frozen=True)
class _Age:
    unborn: bool
    preverbal: bool  # observed experience is the voice, in any section
    infant: bool  # says nothing: "she says" next to the baby is the mother speaking
    # seen, not heard, in their own voice section: a young child's observed experience
    # ("clingy, hid behind mum's legs") is their voice; a school-age child's "has settled
    # well into Year 7" is the author's assessment
    observed: bool = True

    @classmethod
    def of(cls, child: Child, on: date, rule: Rule) -> _Age:
        months = age_in_months(child.date_of_birth, on)
        return cls(
            child.unborn,
            months is not None and months < int(rule.params.get("preverbal_months", 30)),
            months is not None and months < int(rule.params.get("speech_months", 12)),
            months is None or months < int(rule.params.get("observed_voice_months", 60)),
        )


def _observed(
    mentions: list[Mention], s: int, e: int, sent: tuple[int, int], lower: Sequence[str]
) -> Mention | None:
    """Who is observed at token s: the nearest person before it in the sentence ("Leah
    settled", "he babbled"), passing over adults who are only objects of a preposition
    ("She goes to Gemma or Jamal for comfort and is easily settled"), or the one right
    after it ("soothed Leah")."""
    before = [m for m in mentions if sent[0] <= m.start < s]
    for m in reversed(before):
        if m.role == "child":
            return m
        if not (m.start and _an_object(lower, m.start)):
            break
    for m in mentions:
        if m.role == "child" and m.start == e:
            return m
    return None


_OBJECT_MARKERS = frozenset(
    {"to", "with", "for", "from", "by", "at", "on", "near", "beside", "towards", "or", "and"}
)


def _an_object(lower: Sequence[str], i: int) -> bool:
    """The person at token i follows a preposition ("to Gemma"), or is joined by "or" or
    "and" to one who does ("to Gemma or Jamal")."""
    return lower[i - 1] in _OBJECT_MARKERS


_PERCEIVING = frozenset(
    {"see", "saw", "seen", "seeing", "observe", "observed", "observing", "witness",
     "witnessed", "notice", "noticed", "visit", "visited", "meet", "met", "record", "recorded"}
)  # fmt: skip


def _perception_negated(doc: Doc, s: int) -> bool:
    """What the negation at token s denies: the seeing ("I did not see her settle", "not
    observed to smile": nothing was seen) or, with no seeing word between the negation and
    the behaviour, the behaviour itself ("he did not cry or look for her", "no eye
    contact"), which is something observed of the child."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return any(
        cat == "negated"
        and lo <= s < hi
        and any(lower[i] in _PERCEIVING for i in range(max(lo - 3, 0), s))
        for cat, lo, hi in doc.user_data.get("scopes") or ()
    )


def _no_named_adult_before(mentions: list[Mention], s: int, sent: tuple[int, int]) -> bool:
    """Nobody before token s in the sentence, or a pronoun nearest: in a baby's own
    section a pronoun next to what was seen of a baby is the baby's, whoever it was
    matched to; a named adult ("Mum was tearful and settled") is not."""
    before = [m for m in mentions if sent[0] <= m.start < s]
    return not before or before[-1].pronoun


# Feelings that are an opinion when a clause follows ("Jean and Bernard feel Kai is happy").
_OPINION = frozenset(
    {"feel", "feels", "felt", "think", "thinks", "thought", "believe", "believes", "believed",
     "reckon", "reckons", "fear", "fears", "feared", "hope", "hopes", "hoped", "worry",
     "worries", "worried"}
)  # fmt: skip


def _introduces_clause(lower: list[str], o: Utterance, subjects: set[int]) -> bool:
    """ "Mum worries that Leah is anxious", "Jean and Bernard feel Kai is happy": an adult's
    feeling about the child is their view (a clause follows, with "that" or a subject)."""
    end = o.end
    if end >= len(lower):
        return False
    return lower[end] == "that" or (lower[end - 1] in _OPINION and end in subjects)


class _Children:
    """Which child a mention or a section speaks for."""

    def __init__(self, ctx: Context) -> None:
        self.by_member = {
            i: m.child for i, m in enumerate(ctx.cast.members) if m.role == "child" and m.child
        }
        children = ctx.report.children
        self.only = children[0].key if len(children) == 1 else None

    def whose(self, member: int, doc: Doc) -> str | None:
        """A named child is that child; "the child" or an unresolved pronoun is the only
        child, or the child whose own section this is (None in a family's section)."""
        if member >= 0:
            return self.by_member.get(member)
        return self.only or doc.user_data.get("child")


_PLAN_WORDS = frozenset({"will", "shall", "'ll", "going", "plan", "plans", "aim", "aims"})
_FREE_RELATIVE = frozenset({"what", "whatever", "to"})
_PROGRESSIVE = frozenset(
    {"is", "was", "are", "were", "been", "be", "'s", "kept", "keeps", "started", "starts",
     "began", "begins", "keep", "start", "stopped", "stop", "stops"}
)  # fmt: skip


def _planned(lower: list[str], u: Utterance) -> bool:
    """Speech that is planned, not recorded: "will meet Jayden and record what he says",
    "to tell me when he is worried". A "will" or "to" just before the verb, or "what he
    says", names something to happen, not something the child said."""
    lo = max(u.sent[0], u.start - 20)
    window = lower[lo : u.start]
    if any(w in _PLAN_WORDS for w in window):
        return True
    if lower[u.start].endswith("ing") and not any(
        w in _PROGRESSIVE for w in lower[max(u.sent[0], u.start - 2) : u.start]
    ):
        return True  # "and Kieran telling us who gets him up": a goal, not a report
    return any(w in _FREE_RELATIVE for w in lower[max(u.sent[0], u.start - 2) : u.start])


_FRONTED = frozenset({"when", "after", "as", "once", "while", "whilst", "before", "if"})


# In someone's own words, a parent or grandparent named as a child names them.
_FAMILY_AS_A_CHILD_SAYS = frozenset(
    {"mum", "mummy", "mam", "mammy", "mom", "mommy", "dad", "daddy", "nan", "nanny", "nana",
     "grandma", "grandad", "granny"}
)  # fmt: skip
_FIRST_PERSON = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "my"})


def _a_childs_words(lower: list[str], u: Utterance) -> bool:
    """A quote in the first person that calls a parent "Mum" or "Dad" by that name (not
    "the worst mum in the world", a mother speaking of herself)."""
    inner = range(u.start + 1, u.end)
    return bool(_FIRST_PERSON.intersection(lower[u.start : u.end])) and any(
        lower[k] in _FAMILY_AS_A_CHILD_SAYS and lower[k - 1] not in _BEFORE_A_ROLE for k in inner
    )


# Words before "mum" or "dad" that make it a role, not what a child calls a parent.
_BEFORE_A_ROLE = frozenset(
    {"a", "an", "the", "worst", "best", "good", "bad", "single", "young", "new", "another",
     "any", "every", "proper", "real", "rubbish", "terrible", "great"}
)  # fmt: skip


def _negated(doc: Doc, u: Utterance) -> bool:
    """The utterance is denied ("did not say"); a quote only by a negation before it, not
    by its own words ("said 'I'm not doing it, I'm tired'")."""
    if not in_scope(doc, u.start, "negated"):
        return False
    if u.kind != "quote":
        return True
    hits = doc.user_data.get("hits") or {}
    return any(
        u.sent[0] <= s < u.start
        for k, v in hits.items()
        if k.startswith("ctx:negated")
        for s, _ in v
    )


def _an_adults_line(lower: list[str], mentions: list[Mention], u: Utterance) -> bool:
    """The sentence is labelled with an adult's name ("Andre: ...", "Tanya - ..."): what
    it says is that adult's view, whoever its pronouns are."""
    first = next((m for m in mentions if m.start == u.sent[0]), None)
    return (
        first is not None
        and first.role in ADULT_ROLES
        and first.end < u.start
        and lower[first.end] in (":", "-", "\u2013")
    )


def _fronted_clause(lower: list[str], o: Utterance, u: Utterance) -> bool:
    """ "When Mr Price asked about the marks, Jayden said...": the adult's verb is in a
    clause put before the main one, which is the child's."""
    return lower[o.sent[0]] in _FRONTED and "," in lower[o.end : u.start]


def _relayed(
    u: Utterance, o: Utterance, mentions: list[Mention], relay: set[int], lower: list[str]
) -> bool:
    """ "Mum reports Maisie says her teeth hurt", "dad told me she says 'I want my nan'":
    the adult's verb reports the child speaking (the child opens the reported clause and a
    verb of saying is the child's own), so what follows is the child's words, relayed with
    the source stated. "Mum says he is settled" (no speaking by the child) stays the
    adult's view, and so does a verb with the child right after it ("he told Jayden"). So
    does a relayed verb that gives only what the child asks or talks about ("Ryan told me
    Jayden asks about Tiana", "he asks for it every day"): the topic, not the child's
    words."""
    if u.kind != "speech" or u.start not in relay:
        return False
    if u.end < len(lower) and lower[u.end] in _TOPIC_ONLY:
        return False
    if any(m.start == u.end and m.role == "child" and not m.pronoun for m in mentions):
        return False  # "he told Jayden": the child is spoken to
    return any(o.end <= m.start < u.start and m.role == "child" for m in mentions)


def _names_its_speaker(u: Utterance, mentions: list[Mention], member: int) -> bool:
    """Quoted words that name the child they are given to, or refer to the child as "she"
    or "he", are someone's words about the child ("He does not accept that Ava was at risk
    because 'she didn't know it was there'"): a child speaks of themself as "I"."""
    return any(u.start < m.start < u.end and m.member == member for m in mentions)


# After a relayed verb of saying, a preposition that gives only what the child spoke of.
_TOPIC_ONLY = frozenset({"about", "for", "after", "of"})


# Talking as something done, not a report of anything said or felt: "Ryan was feeding her
# and talking to her and she was smiling", "he had been talking to an adult online". Only
# "about" or "that" after it gives what was said ("talked to me about how Leah is").
_TALKING = frozenset(
    {"talk", "talks", "talked", "talking", "speak", "speaks", "spoke", "speaking", "chat",
     "chats", "chatted", "chatting", "sing", "sings", "sang", "singing"}
)  # fmt: skip


def _activity(lower: list[str], o: Utterance) -> bool:
    if o.kind != "speech" or lower[o.start] not in _TALKING:
        return False
    after = lower[o.end : min(o.end + 5, o.sent[1])]
    return "about" not in after and "that" not in after


def _in_anothers_account(
    u: Utterance,
    utterances: list[Utterance],
    lower: list[str],
    hearsay: list[int],
    mentions: list[Mention],
    relay: set[int],
) -> bool:
    subjects = {m.start for m in mentions}
    children_at = {m.start for m in mentions if m.role == "child"}  # "Lewis's view is..."
    return any(
        o.sent == u.sent
        and o.start < u.start
        and (
            o.speaker in ADULT_ROLES
            # "Kayden told me that Ruby 'cries in her room'": a brother's account of his
            # sister is his voice, not hers
            or (o.speaker == "child" and o.kind == "speech" and 0 <= o.member != u.member)
        )
        and (o.kind == "speech" or _introduces_clause(lower, o, subjects))
        and not _activity(lower, o)
        and not _fronted_clause(lower, o, u)
        and not _relayed(u, o, mentions, relay, lower)
        for o in utterances
    ) or (
        (u.kind == "feeling" and any(u.sent[0] <= h < u.sent[1] for h in hearsay))
        # "Ms Fairclough's view is that Lewis 'would never have done this'": a quote
        # inside someone else's stated view is in their account
        or (
            u.kind == "quote"
            and any(
                u.sent[0] <= h < u.start and _an_adults_view(lower, h, children_at) for h in hearsay
            )
        )
    )


_NOTE_PERSONS = frozenset({"i", "we", "he", "she", "they", "you", "it"})
_SUBJECT_WORDS = _NOTE_PERSONS - {"it"}  # a clause's own subject before a child


_STATED_VIEWS = frozenset({"view", "account", "belief", "understanding", "position", "opinion"})
_OWNERS = frozenset({"'s", "’s", "her", "his", "their"})


def _an_adults_view(lower: list[str], h: int, children_at: set[int]) -> bool:
    """A hearsay cue before a quote; "X's view is that" only when X is someone's, not the
    child's own ("Lewis's view is that he 'would never...'" is his)."""
    if lower[h] not in _STATED_VIEWS:
        return True
    return h >= 1 and lower[h - 1] in _OWNERS and not {h - 1, h - 2} & children_at


def _told_to_another(lower: list[str], u: Utterance) -> bool:
    """ "P: Shared with SW by email 04/05/27", "Discussed with mum": a verb with no subject
    told to someone other than the author is the author's own act, not the child's words
    (a child shares with "me")."""
    return (
        u.kind == "speech"
        and u.end + 1 < len(lower)
        and lower[u.end] in ("with", "to")
        and lower[u.end + 1] not in ("me", "us", "myself")
    )


def _opens_clause(lower: list[str], u: Utterance, mentions: Sequence[Mention] = ()) -> bool:
    """The verb has nothing before it in its sentence, or only a label ("Seen alone 21/01
    (mum in waiting room): said..."), or it is an item of a note-form list that names no
    one ("Quiet, avoided eye contact, asked if mum would be at home")."""
    i = u.start - 1
    while i >= u.sent[0] and lower[i].isspace():
        i -= 1
    if i < u.sent[0] or lower[i].endswith(":"):
        return True
    return (
        lower[i] == ","
        and _NOTE_PERSONS.isdisjoint(lower[u.sent[0] : u.start])
        and not any(u.sent[0] <= m.start < u.start for m in mentions)
    )


_JOINERS = frozenset({"and", "but", "then"})
_NOT_SUBJECT = frozenset(
    {"him", "her", "them", "me", "us", "his", "their", "its", "my", "our", "himself",
     "herself", "themselves"}
)  # fmt: skip
_PREPOSITIONS = frozenset(
    {"to", "with", "at", "for", "from", "about", "by", "on", "of", "in", "into", "behind",
     "towards", "toward", "near", "after", "over"}
)  # fmt: skip


# How far back the subject of a joined verb may be, and words that open a clause with a
# subject of its own (the author, a clause after a semicolon or colon).
_JOINED_SPAN = 18
_NEW_CLAUSE = frozenset({";", ":", "i", "we", "you", "they"})


_LINKING_ADVERBS = frozenset(
    {"then", "also", "later", "afterwards", "eventually", "finally", "still", "just", "soon"}
)


def _joiner(u: Utterance, lower: list[str]) -> int | None:
    """Where the "and" (or "but", "then") joining a speech verb on sits: "...and said",
    "...and later explained"; None when the verb is not joined on."""
    lo = u.sent[0]
    i = u.start - 1
    if i > lo and (lower[i] in _LINKING_ADVERBS or lower[i].endswith("ly")):
        i -= 1
    if u.kind != "speech" or i <= lo or lower[i] not in _JOINERS:
        return None
    return i


def _joined_away(u: Utterance, mentions: list[Mention], lower: list[str]) -> bool:
    """ "Tomasz kept his hood up; we rang his mother and explained...": a joined verb given
    to the child whose clause a semicolon or the author ("I", "we") has closed belongs to
    the later subject."""
    i = _joiner(u, lower)
    if i is None:
        return False
    last = [
        m.end
        for m in mentions
        if u.sent[0] <= m.start < i
        and m.member == u.member
        and lower[m.start] not in _NOT_SUBJECT  # "his mother": a possessive is no subject
    ]
    return bool(last) and any(w in _NEW_CLAUSE for w in lower[last[-1] : i])


_TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr"})


def _titled_speaker(u: Utterance, mentions: list[Mention], lower: list[str]) -> bool:
    """ "Ms Keane told me..." in a family where a child shares her surname: a name with a
    title is an adult's, whoever the name was matched to."""
    before = [m for m in mentions if u.sent[0] <= m.start < u.start and m.member == u.member]
    return bool(before) and lower[before[-1].start] in _TITLES


def _joined_subject(u: Utterance, mentions: list[Mention], lower: list[str]) -> Mention | None:
    """ "Archie wet himself twice in class that day (unusual for him) and drew a door with
    'a angry man'": a verb joined on with "and" has no subject of its own; it is the
    sentence subject's however long the first verb's clause was, when that subject is a
    child and no one else in the clause could be the subject."""
    lo = u.sent[0]
    i = _joiner(u, lower)
    if i is None:
        return None
    before = [m for m in mentions if lo <= m.start < u.start]
    if not before or before[0].role != "child" or before[0].start > lo + 3:
        return None
    first = before[0]
    if any(w in _SUBJECT_WORDS for w in lower[lo : first.start]):
        return None  # "She wants Freddie to ... and asked me": Freddie is her object
    between = lower[first.end : i]
    if len(between) > _JOINED_SPAN or any(w in _NEW_CLAUSE for w in between):
        return None  # "...; we dealt with it and spoke to both families": another subject
    if lower[first.start] in _NOT_SUBJECT or (
        first.start > lo and lower[first.start - 1] in _PREPOSITIONS
    ):
        return None
    for m in before[1:]:
        if m.member == first.member and m.role == "child":
            continue
        if (
            lower[m.start] in _NOT_SUBJECT
            or lower[m.start - 1] in _PREPOSITIONS | _NOT_SUBJECT
            or (m.end < len(lower) and lower[m.end] in ("'s", "’s"))
        ):
            continue  # an object or a possessor ("her mother's lap"), not a subject
        return None
    return first


@check(
    "voice-of-child",
    slots=("observation", "hearsay", "prebirth", "baby", "harm", "relay"),
    params=("preverbal_months", "speech_months", "observed_voice_months"),
)
def voice_of_child(ctx: Context, rule: Rule) -> list[Finding]:
    children = ctx.report.children
    ages = {c.key: _Age.of(c, ctx.report.conference.date, rule) for c in children}
    who = _Children(ctx)
    heard: set[str] = set()
    # Which children are heard does not depend on the order the sections are read in
    # (each adds those whose voice it holds; _heard_in only skips the ones already heard),
    # so the children's own voice sections go first: most children are heard there, and the
    # other sections' speech (worked out on first read, deferred.py) is then not needed.
    sections = list(ctx.sections())
    own_first = [s for s in sections if s[0] == "voice_of_child"]
    own_first += [s for s in sections if s[0] != "voice_of_child"]
    for section, doc in own_first:
        if len(heard) == len(children):
            break
        heard |= _heard_in(ctx, rule, section, doc, ages, who, heard)
    missing = [child for child in children if child.key not in heard]
    return child_findings(rule, "voice_of_child", missing, len(children))


def _someone_elses_account(o: Utterance) -> bool:
    """An adult saying or feeling something about the child ("mum says", "the victim feels
    Amira is settled", "her teacher thinks"): what follows in the sentence is their account."""
    if o.kind == "speech":
        return o.speaker in ADULT_ROLES or o.speaker == "other"
    return o.kind == "feeling" and o.speaker is not None and o.speaker != "child"


_WISH_LABELS = frozenset({"wishes", "wish", "views", "view", "feelings", "words", "worries"})
_NOT_GIVEN = frozenset(
    {"not", "n/a", "na", "none", "nil", "unknown", "no", "see", "tbc", "awaited", "[", "-"}
)


def _labelled_wishes(
    doc: Doc, lower: list[str], mentions: list[Mention], utterances: list[Utterance]
) -> list[Mention]:
    """Children whose wishes a label gives with content after it: "Jayden's wishes: to
    live with mum", "Amira's views and feelings - wants her dad to stop drinking". Not a
    label with nothing given ("Jayden's wishes: not seen", "... N/A") or an adult's
    account under it ("Jayden's views: mum says he is happy")."""
    found = []
    n = len(lower)
    for m in mentions:
        k = m.end
        if m.role != "child" or k + 2 >= n or lower[k] not in ("'s", "’s"):
            continue
        k += 1
        if lower[k] not in _WISH_LABELS:
            continue
        k += 1
        if k + 1 < n and lower[k] == "and" and lower[k + 1] in _WISH_LABELS:
            k += 2
        if k >= n or lower[k] not in (":", "-", "\u2013"):
            continue
        k += 1
        while k < n and lower[k].isspace():
            k += 1
        end = k
        while end < n and lower[end] not in (".", "\n", ";"):
            end += 1
        content = [w for w in lower[k:end] if w.isalpha()]
        if (
            len(content) >= 2
            and lower[k] not in _NOT_GIVEN
            and not "".join(lower[k : k + 3]).startswith("n/a")
            and "not" not in lower[k : k + 3]
            and not any(k <= o.start < end and o.speaker in ADULT_ROLES for o in utterances)
        ):
            found.append(m)
    return found


def _attributions(ctx: Context, rule: Rule, doc: Doc) -> set[int]:
    """Where the source after "according to" starts (the hearsay lexicon's one open
    attribution; "mum says", "per mum" name their adult)."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return {
        e
        for s, e in ctx.hits(doc, rule, "hearsay")
        if lower[s] == "according" and not in_scope(doc, s, "negated")
    }


def _heard_in(
    ctx: Context,
    rule: Rule,
    section: str,
    doc: Doc,
    ages: dict[str, _Age],
    who: _Children,
    already: set[str],
) -> set[str]:
    """The children whose voice this text holds (stops once every child is heard)."""
    heard: set[str] = set(already)
    utterances: list[Utterance] = doc.user_data.get("utterances") or []
    # "happy at home according to mum", "settled per mum": someone else's account.
    hearsay = [s for s, _ in ctx.hits(doc, rule, "hearsay")]
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    own = doc.user_data.get("child")
    mentions: list[Mention] = list(doc.user_data.get("mentions") or ())
    relay = {s for s, _ in ctx.hits(doc, rule, "relay")}
    # "According to Jayden, dad drinks every night": the child's account, on his say-so.
    sources = [
        m
        for m in mentions
        if m.role == "child"
        and m.start in _attributions(ctx, rule, doc)
        and lower[m.start] not in ("his", "her", "their")  # "according to his teacher"
        and not (m.end < len(lower) and lower[m.end] in ("'s", "’s"))
    ]
    for m in _labelled_wishes(doc, lower, mentions, utterances) + sources:
        key = who.whose(m.member, doc)
        age = ages.get(key or "")
        if key is not None and age is not None and not age.unborn and not age.infant:
            heard.add(key)
    for u in utterances:
        if u.kind == "term":
            continue  # a quoted descriptor ("presented as 'subdued'") is nobody's words
        speaker, member = u.speaker, u.member
        if (
            speaker is None
            and section == "voice_of_child"
            and (
                u.kind == "quote"
                or (
                    u.kind != "term"
                    and _opens_clause(lower, u, mentions)
                    and not _told_to_another(lower, u)
                )
            )
        ):
            # A quote, or a verb with no subject ("Said 'no breakfast' to his key person",
            # "Seen alone: said her chest...", "Worried about going up to big school"), in
            # the child's own voice section is the child's.
            speaker, member = "child", -1
        if speaker is None and (joined := _joined_subject(u, mentions, lower)) is not None:
            speaker, member = "child", joined.member
        if (
            speaker is None
            and who.only is not None
            and u.kind == "quote"
            and _a_childs_words(lower, u)
            and not any(u.sent[0] <= m.start < u.start and m.role in ADULT_ROLES for m in mentions)
        ):
            # "14/09 P5 English - asleep in lesson. When woken said 'I'm tired, I didn't
            # sleep cos of Mum and Kyle shouting.'": words that call a parent "Mum",
            # said by no one named, in a report about one child, are that child's.
            speaker, member = "child", -1
        if speaker != "child" or (
            member >= 0
            and (_joined_away(u, mentions, lower) or _titled_speaker(u, mentions, lower))
        ):
            continue
        key = who.whose(member, doc)
        age = ages.get(key or "")
        if key is None or age is None or key in heard or age.unborn:
            continue
        if age.infant and u.kind != "feeling":
            continue
        if _an_adults_line(lower, mentions, u):
            continue  # "Andre: police stop Deshawn because he is Black; wants Deshawn..."
        if u.kind == "quote" and member >= 0 and _names_its_speaker(u, mentions, member):
            continue  # "...because 'she didn't know it was there'": about Ava, not by her
        if u.kind == "feeling" and section in _GOALS_AND_PLANS and not _a_wish(doc, u):
            continue  # "Ruby-Mae calm and settled at nursery": a state to reach
        if u.kind == "feeling" and not age.preverbal and _an_impression(lower, u):
            continue  # "He always seems happy enough when I'm there": how he came across
        if u.kind == "feeling" and section == "identity" and not age.preverbal:
            continue  # "a Black autistic boy whose distress has been read as behaviour":
            # the author's reflection on who the child is, not the child's own feelings
        if (
            u.kind == "feeling"
            and section == "threshold_view"
            and not age.preverbal
            and not _a_wish(doc, u)
        ):
            continue  # "she was present at and distressed by an early-morning warrant": a
            # reason for the author's view, not the child's feelings told ("she wants" is)
        if _negated(doc, u) or in_scope(doc, u.start, "hypothetical"):
            continue
        if section in _GOALS_AND_PLANS and any(
            w in _PLAN_WORDS for w in lower[u.sent[0] : u.start]
        ):
            continue  # "I will see Rosie ... so that she can tell someone in her own words"
        if u.kind == "speech" and (_planned(lower, u) or _activity(lower, u)):
            continue  # "will record what he says"; "he had been talking to an adult online"
        if not _in_anothers_account(u, utterances, lower, hearsay, mentions, relay):
            heard.add(key)
            if len(heard) == len(ages):
                return heard
    # What was seen of the child: for a pre-verbal child anywhere, for an older child in
    # their own voice section ("she was clingy and hid behind mum's legs"). The child must
    # be the one observed, and an adult's account ("mum says she is happy") is not one.
    observations = [] if section in _GOALS_AND_PLANS else ctx.hits(doc, rule, "observation")
    for s, e in observations:
        if _modifies_a_thing(doc, s, e):
            continue
        if in_scope(doc, s, "negated") and _perception_negated(doc, s):
            continue
        sent = sentence_of(doc, s)
        if any(
            o.sent == sent and o.start < s and _someone_elses_account(o) for o in utterances
        ) or any(sent[0] <= h < sent[1] for h in hearsay):
            continue
        seen = _observed(mentions, s, e, sent, lower)
        if seen is not None:
            key = who.whose(seen.member, doc)
        elif section == "voice_of_child" and _no_named_adult_before(mentions, s, sent):
            # "Settled quickly when held" in a baby's own voice section, or "when her
            # mother picked her up she settled" with the pronoun given to the mother.
            key = own
            if key is None or not ages[key].preverbal:
                continue
        else:
            continue
        age = ages.get(key or "")
        if key is None or age is None or age.unborn:
            continue
        if age.preverbal or (
            section == "voice_of_child"
            and own == key
            and age.observed
            and not _a_state(doc.user_data.get("lower") or [t.lower_ for t in doc], s, sent)
        ):
            heard.add(key)
            if len(heard) == len(ages):
                return heard
    if section not in _NOT_PREBIRTH:
        heard |= _prebirth_thought(ctx, rule, doc, ages, who)
    return heard


# What would reduce the worries and what the agency will do are goals and plans: "Ruby
# calm and settled at nursery", "raise safeguarding alerts" observe no child.
_GOALS_AND_PLANS = frozenset({"reduce_worries", "service_actions"})

_DETERMINERS = frozenset({"a", "an", "the", "this", "that", "any", "each", "every"})
_CHILD_NOUNS = frozenset(
    {"baby", "child", "toddler", "boy", "girl", "infant", "little", "and", "or", ",", "but"}
)


_STATE_VERBS = frozenset({"has", "have", "had", "is", "are", "seems", "appears"})


def _a_state(lower: list[str], s: int, sent: tuple[int, int]) -> bool:
    """ "Ibrahim is in Reception and has settled well": an assessed state ("has settled",
    "is settled") sums a talking child up; it is not a moment of their day that was seen
    (for a baby who cannot yet talk it still is). In a sentence where the author was there
    ("...and was playing with the sand when I visited") it is what they saw."""
    k = s - 1
    if k >= 0 and lower[k] in ("well", "very", "really", "quite", "now", "generally"):
        k -= 1
    if k < 0 or lower[k] not in _STATE_VERBS:
        return False
    return not any(w in ("i", "we", "me", "us") for w in lower[sent[0] : sent[1]])


# Verbs of how someone came across ("seems happy", "looked upset", "appeared to enjoy"):
# the writer's impression of a talking child, not the child's own wish, feeling or words.
_APPEARANCE = frozenset(
    {"seem", "seems", "seemed", "seeming", "appear", "appears", "appeared", "appearing",
     "look", "looks", "looked", "looking"}
)  # fmt: skip
_BETWEEN_APPEARANCE = frozenset(
    {"always", "often", "usually", "generally", "mostly", "very", "quite", "really", "so",
     "a", "bit", "little", "more", "less", "much", "to", "be", "have", "been", "fairly",
     "rather", "pretty", "enough", "also", "still"}
)  # fmt: skip


def _an_impression(lower: list[str], u: Utterance) -> bool:
    """A feeling reached through a verb of appearance just before it: "He always seems
    happy", "she looked a bit upset", "appeared to enjoy the session"."""
    k = u.start - 1
    while k >= u.sent[0] and k >= u.start - 4 and lower[k] in _BETWEEN_APPEARANCE:
        k -= 1
    return k >= u.sent[0] and lower[k] in _APPEARANCE


def _modifies_a_thing(doc: Doc, s: int, e: int) -> bool:
    """ "a calmer visit", "the content of the letter", "UKHSA alert": an observation word
    after a determiner that goes on to name something other than a child, or after an
    acronym, describes that thing, not how the child was."""
    if e - s != 1 or s == 0:
        return False
    # Quote marks around the word are looked through: "the 'settled' side of this family".
    b = s - 1 if doc[s - 1].text not in _QUOTE_MARKS or s < 2 else s - 2
    a = e if e >= len(doc) or doc[e].text not in _QUOTE_MARKS else e + 1
    before = doc[b].text
    if before.isupper() and len(before) >= 2 and before.isalpha():
        return True
    after = doc[a].lower_ if a < len(doc) else ""
    return before.lower() in _DETERMINERS and after.isalpha() and after not in _CHILD_NOUNS


_QUOTE_MARKS = frozenset({"'", '"', "\u2018", "\u2019", "\u201c", "\u201d"})


_WISHES = frozenset({"want", "wish", "like", "love", "hope", "prefer", "would", "miss", "hate"})


def _a_wish(doc: Doc, u: Utterance) -> bool:
    """A feeling that is the child's own wish ("Jayden wants dad to stop shouting"), not a
    state the plan aims at ("calm and settled at nursery")."""
    lemma: list[str] = doc.user_data.get("lemma") or [t.lemma_ for t in doc]
    return any(lemma[i] in _WISHES for i in range(u.start, u.end))


# Where talk of the birth is not the baby's expected daily life: the identity section is
# about heritage ("will be born into a Polish Catholic family"), the actions sections about
# what the agency will do ("to write the birth plan with her"), the worries about what went
# wrong ("spent £2,000 on baby clothes in one night" while unwell) and what would reduce
# them about what must change ("taking her medication through the pregnancy and after the
# birth").
_NOT_PREBIRTH = frozenset({"identity", "service_actions", "previous_actions", "reduce_worries"})
# After "the baby" as a subject: "Once the baby is here it will be coming in the pram".
_BABY_VERBS = frozenset(
    {"will", "may", "might", "could", "would", "is", "'s", "needs", "need", "should", "arrives"}
)


# Prebirth cues that only say when ("once the baby is born", "after the birth").
_ONLY_WHEN = frozenset(
    {"when born", "once born", "is born", "are born", "after the birth", "after birth",
     "after delivery", "once delivered", "when delivered", "arrives", "arrival"}
)  # fmt: skip


def _baby_subject(ctx: Context, rule: Rule, doc: Doc, sent: tuple[int, int]) -> bool:
    """ "the baby" is the subject of something to come in the sentence: a verb of what will
    be straight after it."""
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    return any(
        sent[0] <= b < sent[1] and e < len(lower) and lower[e] in _BABY_VERBS
        for b, e in ctx.hits(doc, rule, "baby")
    )


# What a writer prepares, which is no preparation for the birth.
_DOCUMENTS = frozenset(
    {"report", "statement", "letter", "summary", "chronology", "minutes", "assessment", "paper"}
)


def _prebirth_thought(
    ctx: Context, rule: Rule, doc: Doc, ages: dict[str, _Age], who: _Children
) -> set[str]:
    """An unborn baby's voice: what life will be like for the baby once born and how the
    parents are preparing ("when she is born she will...", "has bought a cot"), said of the
    baby (a mention of the baby in the sentence, or the baby's own section)."""
    unborn = [k for k, a in ages.items() if a.unborn]
    if not unborn:
        return set()
    cues = ctx.hits(doc, rule, "prebirth")
    if not cues:
        return set()
    own = doc.user_data.get("child")
    mentions: list[Mention] = list(doc.user_data.get("mentions") or ())
    harm = [h for h, _ in ctx.hits(doc, rule, "harm")]
    utterances: list[Utterance] = doc.user_data.get("utterances") or []
    found: set[str] = set()
    lower: list[str] = doc.user_data.get("lower") or [t.lower_ for t in doc]
    for s, e in cues:
        if in_scope(doc, s, "negated") or in_scope(doc, s, "hypothetical"):
            continue  # "the baby may require treatment after birth": a risk, not a day
        sent = sentence_of(doc, s)
        if " ".join(lower[s:e]) in _ONLY_WHEN and not any(
            sent[0] <= c < sent[1] and " ".join(lower[c:d]) not in _ONLY_WHEN for c, d in cues
        ):
            # "She will go back to college once the baby is born": when the birth comes
            # says when, not what the baby's day will be; something more must say it.
            continue
        if any(sent[0] <= h < sent[1] for h in harm):
            continue  # "likely to suffer significant harm after birth": a threshold view
        if lower[s].startswith("prepar") and _DOCUMENTS.intersection(
            lower[max(sent[0], s - 3) : min(sent[1], e + 3)]
        ):
            continue  # "This report is prepared at the request of...": the writer's work
        if doc.user_data.get("section") == "worries" and not _baby_subject(ctx, rule, doc, sent):
            # In the worries the birth is mostly the mother's ("spent £2,000 on baby
            # clothes in one night"); only the baby's own expected day counts ("the baby
            # may need to be watched...; once the baby is here it will be coming in the pram").
            continue
        if any(
            o.sent == sent
            and o.start < s
            and o.kind == "feeling"
            and (o.speaker in (None, "child") or _someone_elses_account(o))
            for o in utterances
        ):
            # "She wants to breastfeed", or in note form "Wants to breastfeed": a wish is
            # the mother's (an unborn baby has none, and a teenage mother on the report is
            # another child), not the baby's day. What a parent
            # says they have done to prepare is ("mum told us she has a Moses basket").
            continue
        keys = {
            who.whose(m.member, doc)
            for m in mentions
            if m.role == "child" and sent[0] <= m.start < sent[1]
        }
        if own in unborn:
            keys.add(own)
        if len(unborn) == 1 and (
            None in keys or any(sent[0] <= b < sent[1] for b, _ in ctx.hits(doc, rule, "baby"))
        ):
            keys.add(unborn[0])  # "the baby" in a family section, one unborn baby
        found |= {k for k in keys if k in unborn}
    return found
