"""Attribution cues: reporting verbs and "according to" phrases, with who they name.

A ``Cue`` is one place in an article where somebody is said to say something: the cue
words, the speaker phrase it names (before the verb, after it, or after "according to"),
and the stretch of text it reports (a clause, or the quote it stands next to). Cues are
found in the *masked* text, where every quotation is blanked to ``~``, so words inside
quotes never act as cues. The verbs come from ``lexicons/quote_cues.csv`` and the
prepositional phrases from ``lexicons/according_cues.txt``.

>>> from newsdesk.cues import find_cues
>>> [(c.cue, c.subject) for c in find_cues("Officials said the talks failed.", [(0, 32)])]
[('said', 'Officials')]
"""

from __future__ import annotations

import bisect
import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from . import config
from .segment import read_word_list
from .speakers import BRANCH_WORDS, DOCUMENT_WORDS, GLUE, is_capitalized, is_pronoun, lexicons, tokens

MASK = "~"
WINDOW_BEFORE = 60  # tokens read before a cue (speaker phrase, appositives, the clause's subject)
WINDOW_AFTER = 120  # tokens read after it (object, adjuncts, "that", the start of the clause)
_WORD = re.compile(r"(?<![\w-])[A-Za-z]+(?![\w-])")
_AGE = re.compile(r"\d+-year-old")
_INNER_ACCORDING = re.compile(r",\s+according\s+to\b", re.IGNORECASE)
_MORE_LABELS = re.compile(r"(?:\s*\(+[^()~]{0,20}\)+)*\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)(?=~)")
_TRAILING_REBUTTAL = re.compile(
    r",\s+(?:a|an)\s+(?:claim|charge|accusation|allegation|assertion|contention|characterization|account|view|position)"
    r"\s+(?:that\s+|which\s+)?(?:[\w’'.-]+\s+){1,6}?(?:has\s+|have\s+|had\s+)?"
    r"(?:denied|rejected|disputed|dismissed|denies|rejects|disputes|dismisses|contested|contests|called|calls)\b[^.]*\.?\s*$")
# Words that may stand between a subject and its verb, or right after the verb.
SKIP_BEFORE = {
    "also", "has", "have", "had", "reportedly", "later", "then", "previously", "again", "further",
    "repeatedly", "publicly", "separately", "recently", "once", "now", "earlier", "first", "would",
    "will", "could", "has", "today", "yesterday", "subsequently", "privately", "officially",
    "initially", "quickly", "simply", "flatly", "openly", "however", "still", "had", "did", "does", "do",
    "himself", "herself", "itself", "themselves",  # "Pell himself wrote"
    "just",  # "Lindqvist just posted"
}
NOT_SPEECH_OBJECTS = {"nothing", "little", "much", "something", "anything", "goodbye", "hello", "sorry", "thanks"}
NOUN_DETERMINERS = {"the", "a", "an", "these", "those", "its", "his", "her", "their", "our", "my", "your", "this"}
NEGATION = {"not", "n't", "never", "neither", "nor", "no"}
PASSIVE = {"was", "were", "is", "are", "be", "been", "being"}
BAD_CLAUSE_START = {
    "to", "of", "about", "for", "by", "with", "from", "how", "why", "whether", "where", "if",
    "nothing", "goodbye", "hello", "yes", "no", "thanks", "so", "anything", "something", ".", "as",
    "against", "into", "up", "off", "out", "over", "until", "which", "who", "whom", "whose",
    "but", "and", "or", "then", "adding", "before", "after", "while", "when",
}
TIME_WORDS = {
    "week", "month", "year", "weekend", "morning", "afternoon", "evening", "night", "day",
    "statement", "interview", "conference", "briefing", "speech", "address", "release", "post",
    "tweet", "letter", "email", "e-mail", "call", "meeting", "hearing", "court", "parliament",
    "remarks", "television", "radio", "broadcast", "blog", "report", "time", "summit", "session",
    "press", "media", "reporters", "journalists", "told", "ago", "last", "this", "that", "its", "his", "her",
    "their", "a", "an", "the", "on", "in", "at", "during", "via", "to",
}
ADJUNCT_PREPS = {"on", "in", "at", "during", "via", "to", "after", "before", "last", "this", "earlier",
                 "later", "yesterday", "today", "tonight", "also", "again", "recently", "previously",
                 "through", "over", "from", "while", "when"}
TELL_OBJECTS = {"him", "her", "them", "me", "us", "reporters", "journalists", "press", "media",
                "court", "jury", "audience", "parliament", "lawmakers", "crowd", "supporters", "police",
                # round 3: the listeners and outlets of wire copy ("told state television", "told a news conference")
                "television", "radio", "newspaper", "paper", "broadcaster", "agency", "channel", "station", "outlet",
                "magazine", "conference", "briefing", "committee", "panel", "hearing", "rally", "gathering",
                "congress", "senate", "assembly", "legislators", "delegates", "voters", "students", "workers",
                "residents", "members", "colleagues", "staff", "viewers", "listeners", "diplomats", "officials",
                "troops", "soldiers", "party", "nation", "country", "public", "world", "summit", "meeting",
                "interviewer", "website", "network", "daily", "lawyers", "judges", "investigators"}
# auxiliaries that make what follows a finite clause ("warned the rise would cost", "confirmed two
# soldiers had been killed"): a that-verb without "that" reports speech when its object is a clause
_TRAIL_ARTICLE = re.compile(r"\b(?:the|a|an)\s*$", re.IGNORECASE)  # an article before a subject, read off its tail
WEEKDAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"}
FINITE = {"is", "are", "was", "were", "has", "have", "had", "will", "would", "could", "can", "should",
          "may", "might", "must", "shall", "did", "does", "do", "remains", "remained",
          # irregular past tenses that only ever are finite verbs ("turnout fell sharply")
          "fell", "rose", "grew", "won", "lost", "took", "gave", "went", "came", "began", "saw", "knew",
          "thought", "felt", "sought", "fought", "brought", "wrote", "spoke", "broke", "chose", "drew", "flew",
          "ran", "stood", "understood", "became", "forgot", "hid", "sank", "shrank", "swore", "threw", "wore"}
OBJECT_LINKS = {"accuse": ("of",), "blame": ("for",), "ask": ("to", "whether", "if"), "call": ("to",)}
# "found"/"showed" report speech only for a document, poll or inquiry ("a poll found that", "the
# data showed"), not for people ("researchers found that" is narration of their work)
FINDING_VERBS = {"find", "show"}
DOCUMENT_HEADS = DOCUMENT_WORDS
INFINITIVE_VERBS = {"vow", "pledge", "promise", "threaten"}  # "vowed to appeal": the promise is what is reported
CLAUSE_STOPS = {",", ".", ";", ":", "!", "?", MASK, "(", ")"}


@dataclass(frozen=True, slots=True)
class Cue:
    """One attribution cue in an article (offsets index the article text).

    ``subject`` is the speaker phrase as written (``None`` if the cue has none),
    ``appositive`` a role set off by commas after it, ``via`` an outlet that relayed it.
    ``content`` is ``(start, end)`` of what is reported; ``side`` tells where it lies:
    ``after`` (clause or quote after the cue), ``before`` (inverted: "..., X said").
    """

    cue: str
    lemma: str
    start: int
    end: int
    sentence: int
    subject: str | None
    subject_start: int
    subject_end: int
    appositive: str | None
    side: str
    content: tuple[int, int] | None
    complement: str
    via: str | None = None


@dataclass(frozen=True, slots=True)
class CueLexicon:
    """Cue verb forms -> (lemma, complement) and the prepositional phrases."""

    verbs: dict[str, tuple[str, str]]
    according: list[str]
    pattern: re.Pattern  # the "according to" phrases, matched where their first word is
    according_set: frozenset[str]
    according_first: frozenset[str]


@lru_cache(maxsize=1)
def cue_lexicon() -> CueLexicon:
    """Load the cue lexicons (cached)."""
    verbs: dict[str, tuple[str, str]] = {}
    with config.lexicon_path("quote_cues.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(line for line in fh if not line.startswith("#")):
            verbs[r["form"].strip()] = (r["lemma"].strip(), r["complement"].strip())
    according = read_word_list(config.lexicon_path("according_cues.txt"))
    alts = sorted([re.escape(a).replace(r"\ ", r"\s+") for a in according], key=len, reverse=True)
    pattern = re.compile(r"(" + "|".join(alts) + r")(?![\w-])", re.IGNORECASE)
    return CueLexicon(verbs, according, pattern, frozenset(a.lower() for a in according),
                      frozenset(a.split()[0].lower() for a in according))


def find_cues(masked: str, sentences: list[tuple[int, int]],
              sentence_tokens: list[list[tuple[str, int, int]]] | None = None) -> list[Cue]:
    """Return every attribution cue of ``masked`` (text with quotes blanked to ``~``).

    ``sentences`` are ``(start, end)`` spans; a cue's subject and content stay inside its
    sentence, except that a cue ending its paragraph with ":" or "," reaches the next quote.
    ``sentence_tokens`` (``speakers.tokens`` of each sentence) may be passed to save work.
    """
    lex = cue_lexicon()
    out: list[Cue] = []
    toks_of = sentence_tokens or [None] * len(sentences)
    for k, (a, b) in enumerate(sentences):
        chunk = masked[a:b]
        starts = None
        for w in _WORD.finditer(masked, a, b):
            word = w.group()
            if word in lex.verbs:
                m = w
            elif word.lower() in lex.according_first:
                m = lex.pattern.match(masked, w.start(), b)
                if m is None:
                    continue
            else:
                continue
            word = m.group(0)
            low = re.sub(r"\s+", " ", word.lower())
            if toks_of[k] is None:
                toks_of[k] = tokens(chunk, a)
            if starts is None:
                starts = [t[1] for t in toks_of[k]]
            if low in lex.according_set:
                cue = _according(masked, a, b, k, m.start(), m.end(), low, toks_of[k], starts)
            else:
                form = word if word in lex.verbs else word.lower()
                if form not in lex.verbs or not word.islower():
                    continue  # "United States", "Said" as a name: not cues
                lemma, comp = lex.verbs[form]
                cue = _verb(masked, a, b, k, m.start(), m.end(), word, lemma, comp, toks_of[k], starts)
            if cue is not None:
                out.append(cue)
    return _add_via(masked, out)


_ASKED = re.compile(r"\s*(?:When\s+|Once\s+)?[Aa]sked\s+(?:whether|if|why|what|how|when|where|who|about)\b")


def _in_asked_clause(masked: str, a: int, s: int) -> bool:
    """True when position ``s`` lies in a sentence-opening "Asked whether/about ..." clause
    (before its first comma): what the reporter asked, not anybody's speech."""
    m = _ASKED.match(masked, a)
    if not m:
        return False
    comma = masked.find(",", m.end())
    return m.end() <= s and (comma < 0 or s < comma)


def _verb(masked, a, b, k, s, e, word, lemma, comp, toks, starts) -> Cue | None:
    sent_k = k
    i = bisect.bisect_left(starts, s)  # index of the cue token
    # a window around the cue is all the rules read (keeps run-on "sentences" linear)
    before = toks[max(0, i - WINDOW_BEFORE):i]
    after = toks[i + 1:i + 1 + WINDOW_AFTER]
    if before and before[-1][0].lower() in NOUN_DETERMINERS:
        return None  # "the claims are baseless", "his remarks": a noun, not a verb
    if word == "states" and not (after and (after[0][0] in ("that", ":", ",", MASK) or masked[e:e + 2].strip()[:1] == MASK)):
        return None  # "in Ondo, Edo and Bauchi states, bringing ...": the noun
    if _in_asked_clause(masked, a, s):
        return None  # "Asked whether the company would add one later, she laughed": the reporter's question
    if len(before) >= 3 and word.endswith("ing") and before[-1][0] == "as" and before[-2][0] in ("quoted", "reported", "cited"):
        # "Macron was quoted as saying that ...": the subject of "was quoted"
        before = before[:-2]
        while before and before[-1][0].lower() in PASSIVE | SKIP_BEFORE:
            before = before[:-1]
    # Backward: skip adverbs and auxiliaries; refuse negated or passive cues.
    j = len(before) - 1
    while j >= 0 and before[j][0].lower() in SKIP_BEFORE:
        j -= 1
    j = _skip_time_back(before, j)  # "The Kremlin on Monday said", "Lawmakers last week warned"
    if word.endswith("ing") and j >= 1 and before[j][0].lower() in PASSIVE - {"be", "being"} | {"am", "'m", "’m"} \
            and before[j - 1][0] not in (",", MASK):
        # a progressive is active: "Vice President Harris is announcing that ..."
        j -= 1
        while j >= 0 and before[j][0].lower() in SKIP_BEFORE:
            j -= 1
    if j >= 0 and before[j][0].lower() in NEGATION | PASSIVE:
        return None
    if any(t[0].lower() in NEGATION for t in before[j + 1:]):
        return None
    subj = _np_backward(masked, before[: j + 1])
    if subj is None and j >= 1 and before[j][0] == ")":
        # "Sen. Elizabeth Warren (D-Mass.) said": skip a short parenthesis after the name
        k = next((x for x in range(j - 1, max(-1, j - 8), -1) if before[x][0] == "("), None)
        if k is not None and k > 0 and not any(t[0] == MASK for t in before[k:j]):
            subj = _np_backward(masked, before[:k])
    if subj is None and j >= 0 and (before[j][0].lower() in ("and", "while", "whilst") or (before[j][0] == "but" and j >= 1) or (before[j][0] == "," and word.endswith("ing"))):
        # coordinated verb ("Zuckerberg tweeted to Mohamed and said ..."): the sentence's subject
        commas = [x for x in range(j) if before[x][0] == ","]
        clause = before[commas[-1] + 1:j] if commas else before[:j]
        head = _np_forward(masked, clause, b) if clause else None
        if head is not None and not any(t[0] == MASK for t in clause):
            subj = head
        elif before and before[0][0] != MASK and not any(t[0] in SAY_FORMS for t in before[:j]) \
                and (head := _np_forward(masked, before[:j], b)) is not None \
                and (head[1] == before[0][1] or head[3]) and not is_pronoun(head[0]) and (
                    not clause or clause[0][0].islower() or any(t[0] == MASK for t in clause)):
            # "The chancellor, Rachel Whitcombe, has ruled out ..., telling MPs that ...", "The department
            # confirmed three cases ..., and urged parents to ...": the sentence's opening subject
            subj = head
        else:
            subj = ("", -1, -1, None)  # filled in from an earlier cue of the sentence, if any
    if subj is None and j >= 0 and before[j][0] not in (MASK, "—", "–"):
        subj = _long_subject(masked, before[: j + 1])
    inverted = False
    if subj is None:
        # Inverted: `", said KCNA` or `, said Ambassador Mohib.`
        prev = before[j][0] if j >= 0 else ""
        if prev in (",", MASK, "—", "–", "-") or (j >= 0 and masked[before[j][2] - 1] == MASK) or j < 0:
            subj = _np_forward(masked, after, b)
            if subj is not None and is_pronoun(subj[0]) and len(after) > 1 and after[1][0].isalpha() \
                    and after[1][0].islower():
                subj = None  # "..., said they had captured ...": the pronoun opens the clause
            if subj is not None:
                inverted = True
                after = [t for t in after if t[1] >= subj[2]]
    if subj is None:
        return None
    if after and after[0][0].lower() in NOT_SPEECH_OBJECTS:
        return None  # "said nothing", "told him goodbye"
    via = None
    if not inverted and subj[1] >= 0:
        subj, via = _reduced_relative(masked, before, subj)
    text, ss, se, app = subj
    if lemma in FINDING_VERBS and (not text or (text.split()[-1].lower() not in DOCUMENT_HEADS
                                                and text.split()[-1] not in lexicons().org_words)):
        return None
    if not inverted and ss >= 0 and _as_clause(masked, a, before, ss):
        # "As I assured President Zelenskyy, the American people will ...": the main clause
        k = next((x for x in range(min(len(after), 16)) if after[x][0] in (",", MASK, ".", ";", ":")), None)
        if k is not None and after[k][0] == "," and k + 1 < len(after):
            m = k + 1
            if after[m][0].lower() == "that":
                m += 1
            if m < len(after) and sum(1 for t in after[m:m + 12] if t[0] not in ".,;:!?") >= 3:
                return Cue(word, lemma, s, e, sent_k, text or None, ss, se, app, "after",
                           (after[m][1], _clause_end(masked, after[m][1], b)), comp, via)
    # The reported content.
    if inverted:
        side, content = "before", _before_content(masked, a, toks, ss if not inverted else s)
        if after and after[0][0] == "," and j >= 0 and before[j][0] == "," and len(after) > 4 and comp == "clause":
            # "Institutional recipients, said Mauer, are required to ...": the whole sentence
            content = (a, _clause_end(masked, a, b))
        elif not _only_adjuncts(after) and not (
            masked[a:s].rstrip(" ,—–-").endswith(MASK) and after and after[0][0].lower() in ADJUNCT_PREPS | {",", "."}
        ):
            return None  # (after a quote, `said Bolden to the gathered crowd ...` still attributes it)
    else:
        lead = ss if ss >= 0 else s  # (a coordinated verb has no subject of its own: read before the verb)
        lead_text = _TRAIL_ARTICLE.sub("", masked[max(a, lead - 80):lead])
        right_after_quote = lead_text.rstrip(" ,—–-").endswith(MASK)
        comma_before = lead_text.rstrip().endswith(",")
        stop = next((x for x in range(min(len(after), 6)) if after[x][0] in CLAUSE_STOPS), None)
        if right_after_quote and not any(t[0].lower() == "that" or t[0] in (":", MASK) for t in after[:10]):
            side, content = "after", None  # `"...," Trump told supporters at a rally`: the quote is what he said
        elif comma_before and ss >= 0 and comp in ("clause", "that") and stop is not None and after[stop][0] == "," \
                and all(t[0] in WEEKDAYS or t[0].lower() in TIME_WORDS | ADJUNCT_PREPS | NOUN_DETERMINERS
                        or t[0][:1].isdigit() for t in after[:stop]) and _clause_before(masked, a, ss) \
                and stop + 1 < len(after) and after[stop + 1][0] != MASK and after[stop + 1][0].lower() != "that":
            # "The department will stop ..., Chief Andre Fulton announced Monday, a change ...": the words before
            side, content = "before", _before_content(masked, a, toks, ss)
        else:
            side, content = _after_content(masked, a, b, after, lemma, comp)
        gerund_next = len(after) > 1 and after[0][0] == "," and after[1][0].endswith("ing") \
            and after[1][0] in cue_lexicon().verbs
        if content is None and ((_only_adjuncts(after) and (comp == "clause" or (comp == "that" and comma_before)))
                                or right_after_quote
                                or (gerund_next and comp == "clause"
                                    and comma_before)):
            # ("Three people were killed, the army said, adding that ...": the words before)
            side, content = "before", _before_content(masked, a, toks, ss)
            if content is None and ss >= 0 and not masked[a:ss].strip():
                # `"Is it?" Stoddard asked.`: the splitter ended the quote's sentence; the quote is the content
                q_end = a
                while q_end > 0 and masked[q_end - 1] in " \t":
                    q_end -= 1
                if q_end > 0 and masked[q_end - 1] == MASK:
                    q_start = q_end
                    while q_start > 0 and masked[q_start - 1] == MASK:
                        q_start -= 1
                    content = (q_start, q_end)
    if content is not None and text and text.lower() in ("who", "which", "that") and side == "after":
        # "Justice Campos, who wrote the majority opinion, said ...", "musicians, who asked not to be
        # named, told ...": a relative clause's verb reports nothing past the clause's end
        comma = masked.find(",", content[0], content[1])
        if comma >= 0:
            head = masked[content[0]:comma].split()
            if not any(w.lower() in FINITE for w in head) or len(head) < 3:
                content = None
            else:
                content = (content[0], comma)
    if content is None:
        return None
    return Cue(word, lemma, s, e, k, text or None, ss, se, app, side, content, comp, via)


# "a letter seen by Sky News says": the outlet saw the letter, the letter speaks (via the outlet);
# "a report published by the WHO says" keeps the WHO as the speaker.
ACCESS_PARTICIPLES = {"seen", "obtained", "reviewed", "received", "acquired", "viewed", "leaked", "shown", "read"}


def _skip_time_back(before, j) -> int:
    """Index before a time adjunct ending at ``j`` ("on Monday", "on Tuesday night", "last week")."""
    k = j
    if k >= 1 and before[k][0] in ("night", "morning", "afternoon", "evening") and before[k - 1][0] in WEEKDAYS:
        k -= 1
    if k >= 1 and before[k][0] in WEEKDAYS:
        k -= 1
        if before[k][0] == "on":
            k -= 1
        return k if k >= 0 else j
    if k >= 1 and before[k][0] in ("week", "month", "year") and before[k - 1][0] in ("last", "this"):
        return k - 2 if k >= 2 else j
    return j


def _reduced_relative(masked, before, subj):
    """``(subject, via)``: the noun before "seen/obtained by X" when the speaker phrase is X."""
    ss = subj[1]
    idx = next((x for x in range(len(before)) if before[x][1] == ss), None)
    if idx is None or idx < 3 or before[idx - 1][0] != "by" or before[idx - 2][0].lower() not in ACCESS_PARTICIPLES:
        return subj, None
    j = idx - 3
    stop = j
    while j >= 0 and stop - j < 6 and before[j][0] not in (",", ".", ";", ":", MASK, "(", ")"):
        if before[j][0].lower() in ("a", "an", "the", "this", "that", "these", "those"):
            break
        j -= 1
    j = max(j, 0) if j >= 0 and before[j][0].lower() in ("a", "an", "the", "this", "that", "these", "those") else j + 1
    if j > stop:
        return subj, None
    noun = masked[before[j][1]:before[stop][2]]
    return (noun, before[j][1], before[stop][2], None), subj[0]


def _as_clause(masked, a, before, ss) -> bool:
    """True when the speaker phrase at ``ss`` opens an "As X said, ..." clause."""
    idx = next((x for x in range(len(before)) if before[x][1] == ss), None)
    if idx is None or idx == 0 or before[idx - 1][0].lower() != "as":
        return False
    prev = before[idx - 2][0] if idx >= 2 else None
    return prev is None or prev in (",", ";", "—", "And", "But", "and", "but")


SAY_FORMS = {"said", "says", "told", "tells", "added", "wrote", "stated", "announced", "declared", "claimed", "insisted",
             "argued", "warned"}  # (an earlier cue of the sentence gives a coordinated verb its subject)
PARTY_LABELS = {"Democrat", "Republican", "Independent", "Conservative", "Labour", "Liberal", "Democratic"}
SOURCE_ADJECTIVES = {"familiar", "close", "briefed", "knowledgeable", "involved", "privy"}
SOURCE_HEADS = {"people", "person", "someone", "sources", "source", "officials", "official", "diplomats", "aides"}
NUMBER_WORDS = {"two", "three", "four", "five", "six", "several", "many", "multiple", "one"}


def _clause_before(masked, a, ss) -> bool:
    """True when the words before the speaker phrase at ``ss`` read as a whole clause (six words or
    more, not a fronted phrase such as "After the match," or "Speaking to reporters,")."""
    words = masked[a:ss].split()
    if len(words) < 6 or any(MASK in w for w in words):
        return False
    first = words[0].lower().strip(",")
    return first not in ADJUNCT_PREPS | {"of", "after", "before", "speaking", "discussing", "asked", "when", "while", "if",
                                         "as", "although", "though", "because", "since", "despite", "with", "for", "by"} \
        and not first.endswith("ing")


def _only_adjuncts(after) -> bool:
    words = [t for t in after if t[0] not in (".", ",", ";", "!", "?")]
    return len(words) <= 5 and not any(t[0] == MASK or t[0].lower() == "that" for t in words)


def _before_content(masked, a, toks, subject_start) -> tuple[int, int] | None:
    """Content of an inverted cue: from the sentence start to the comma before the subject."""
    while a < subject_start and masked[a] in " \t":
        a += 1  # (a dateline blanked in the mask: "SEOUL (AP) — North Korea fired ...")
    end = subject_start
    while end > a and masked[end - 1] in " ,—–-\n":
        end -= 1
    m = re.search(r"[\s,]+(?:the|a|an)$", masked[max(a, end - 6):end], re.IGNORECASE)
    if m:  # "Three people were killed, the army said": not the article
        end = max(a, end - 6) + m.start()
    start = a
    if end - start < 3:
        return None
    return (start, end)


def _after_content(masked, a, b, after, lemma, comp) -> tuple[str, tuple[int, int] | None]:
    """Content after a verb cue: skip an object of "tell", adjuncts, "that"; then a quote or clause."""
    i = 0
    n = len(after)
    if after and after[-1][0] in (":", ",") and not any(t[0] == MASK for t in after) and len(after) <= 8:
        # "X tweeted using his account:" / "Rathbun stated," closing a paragraph: the next quote is X's
        return "after", (after[-1][2], after[-1][2])
    i = _skip_adverbs(after, i)  # "stating unequivocally that", "said repeatedly that"
    if i < n and after[i][0] == ",":
        # a parenthetical between the verb and "that": "explains, in a satirical fashion, that ..."
        k = next((x for x in range(i + 1, min(n, i + 12)) if after[x][0] in CLAUSE_STOPS), None)
        if k is not None and after[k][0] == "," and k + 1 < n and after[k + 1][0].lower() == "that":
            i = k + 1
    if lemma == "call" and i < n and after[i][0] == "for":
        # "called for new elections": what is called for
        if i + 2 < n and after[i + 1][0] not in CLAUSE_STOPS:
            return "after", (after[i + 1][1], _clause_end(masked, after[i + 1][1], b))
        return "after", None
    if lemma == "demand" and i < n and after[i][0].lower() not in ("that", "to") and after[i][0] not in CLAUSE_STOPS:
        # "demanded an investigation": what is demanded
        return "after", (after[i][1], _clause_end(masked, after[i][1], b))
    if lemma == "call" and i < n and after[i][0] == "on":
        # "called on the government to resign": the object and what it is called on to do
        return "after", _object_link(masked, b, after, i + 1, ("to",))
    if comp == "object" and not any(t[0].lower() == "that" for t in after[i:i + 3]):
        return "after", _object_link(masked, b, after, i, OBJECT_LINKS.get(lemma, ("to",)))
    if lemma in INFINITIVE_VERBS:
        k = i if i < n and after[i][0] == "to" else _skip_adjuncts(after, i)
        if k + 1 < n and after[k][0] == "to" and after[k + 1][0].isalpha() and after[k + 1][0].islower():
            return "after", (after[k][1], _clause_end(masked, after[k][1], b))
    if lemma in ("tell", "inform", "assure", "urge", "ask", "remind", "warn"):
        obj = i
        i = _skip_object(after, i)
        if lemma in ("tell", "warn", "remind") and i > obj and i + 2 < n and after[obj][0] not in CLAUSE_STOPS and (
                after[i][0] == "to" or (after[i][0] == "not" and after[i + 1][0] == "to")):
            # "warned residents to stay away", "told him not to come back": object and what it was told
            return "after", (after[obj][1], _clause_end(masked, after[obj][1], b))
        i = _skip_adverbs(after, i)
        # "told a regular briefing that ...": the object ends at "that"
        k = next((x for x in range(i, min(n, i + 6)) if after[x][0].lower() == "that"), None)
        if k is not None and not any(t[0] in (",", MASK, ".") for t in after[i:k]):
            i = k
    # "shared with him that ...", "explained to reporters that ...": the object ends at "that"
    if i < n and after[i][0].lower() in ("with", "to"):
        k = next((x for x in range(i + 1, min(n, i + 6)) if after[x][0].lower() == "that"), None)
        if k is not None and not any(t[0] in (",", MASK, ".", ";", ":") for t in after[i:k]):
            i = k
    # an adjunct of any words before "that": "said in his nightly address that ..."
    if i < n and after[i][0].lower() in ("in", "on", "at", "during", "via", "through", "after", "before", "outside",
                                         "inside", "from", "following", "ahead", "near", "by"):
        k = next((x for x in range(i + 1, min(n, i + 8)) if after[x][0].lower() == "that"), None)
        if k is not None and not any(t[0] in (",", MASK, ".", ";", ":") for t in after[i:k]):
            i = k
    colon = next((x for x in range(i, min(n, i + 16)) if after[x][0] in (":", ".", ";", MASK)), None)
    if colon is not None and after[colon][0] == ":" and colon + 1 < n and after[colon + 1][0] == MASK \
            and not any(t[0].lower() in FINITE | {"that"} for t in after[i:colon]):
        # "told reporters at the VA medical center in Phoenix later that day: "..."": the quote
        return "after", (after[colon + 1][1], _clause_end(masked, after[colon + 1][1], b))
    # adjuncts: "on Monday", "in a statement", "to reporters"
    i = _skip_adjuncts(after, i)
    i = _skip_adverbs(after, i)
    if comp == "label":
        # "called the sentence "dangerous"", "described Montalvo as an individual, "facing ...""
        for j in range(i, min(n, i + 8)):
            if after[j][0] == MASK:
                end = after[j][1]
                while True:
                    while end < b and masked[end] == MASK:
                        end += 1
                    m = _MORE_LABELS.match(masked, end, b)
                    if m is None or m.end() >= b:
                        break
                    end = m.end()  # "called the sentence "dangerous" (it) and "ideological"": both labels
                # the label ends with its quote: "called the measure "..." and said ..." goes on to a new cue
                return "after", (after[j][1], end)
            if after[j][0] in (".", ";"):
                break
        return "after", None
    has_that = i < n and after[i][0].lower() == "that"
    if has_that:
        i += 1
    while i < n and after[i][0] in (",", ":", "—", "–"):
        i += 1
    if i >= n:
        # "X said:" ending the sentence: the quote follows (next paragraph).
        if after and after[-1][0] in (":", ","):
            return "after", (after[-1][2], after[-1][2])
        return "after", None
    first = after[i][0]
    if first == MASK or masked[after[i][1]] == MASK:
        return "after", (after[i][1], _clause_end(masked, after[i][1], b))
    if comp == "that" and not has_that:
        # quoted words in the object: "promising a "formal update" from Braverman is forthcoming: "...""
        for x in range(i, min(n, i + 8)):
            if after[x][0] in (",", ".", ";", "!", "?"):
                break
            if after[x][0] == MASK:
                return "after", (after[x][1], _clause_end(masked, after[x][1], b))
        if _finite_clause(after, i):
            # "that" left out: "warned the rise would cost ...", "confirmed two soldiers had been killed"
            return "after", (after[i][1], _clause_end(masked, after[i][1], b))
        return "after", None
    if comp == "quote":
        return "after", None
    if first.lower() in BAD_CLAUSE_START and not has_that and not (
            first.lower() == "up" and i + 2 < n and after[i + 1][0] == "to" and after[i + 2][0][:1].isdigit()):
        return "after", None  # (but "said up to 10 inches of rain fell" is a clause)
    if sum(1 for t in after[i:i + 12] if t[0] not in ".,;:!?") < 3 and not (
            i + 1 < n and after[i + 1][0] == MASK and after[i][0].isalpha()):
        return "after", None  # (but "said she "never gave up ...""  is a clause with a quoted predicate)
    return "after", (after[i][1], _clause_end(masked, after[i][1], b))


def _skip_adjuncts(after, i) -> int:
    """Index after up to three adjuncts at ``i`` ("on Monday", "in a statement on Telegram,")."""
    n = len(after)
    for _ in range(3):
        if i + 2 < n and after[i][0] in ("early", "late") and after[i + 1][0] in WEEKDAYS:
            i += 1  # "tweeted early Wednesday that ..."
        if i + 1 < n and after[i][0] in WEEKDAYS:
            i += 1  # "said Tuesday that ...", "said Tuesday night the ..."
            if i < n and after[i][0] in ("night", "morning", "afternoon", "evening"):
                i += 1
            if i < n and after[i][0] == ",":
                i += 1
            continue
        if i + 1 < n and after[i][0].lower() == "at" and after[i + 1][0].lower() in ("least", "most"):
            break  # "says at least 300 civilians have been killed": the clause
        if i < n and after[i][0].lower() in ADJUNCT_PREPS and after[i][0].lower() != "that":
            j = i + 1
            head = False  # a determiner after the adjunct's head opens the clause ("said on Monday the ...")
            while j < n and (after[j][0].lower() in TIME_WORDS or is_capitalized(after[j][0]) or after[j][0].isdigit()) \
                    and after[j][0].lower() != "that" and after[j][0] != MASK:
                low = after[j][0].lower()
                if head and low in NOUN_DETERMINERS | {"that"} and after[j - 1][0].lower() not in ADJUNCT_PREPS:
                    break
                if low not in NOUN_DETERMINERS and low not in ADJUNCT_PREPS:
                    head = True
                j += 1
            if j < n and after[j][0] == ",":
                j += 1
            i = j
    return i


def _skip_adverbs(after, i) -> int:
    while i < len(after) and after[i][0].endswith("ly") and after[i][0].islower() and len(after[i][0]) > 4 \
            and after[i][0] not in ("only", "early", "likely", "family", "rally", "ally", "assembly", "supply"):
        i += 1
    return i


def _finite_clause(after, i) -> bool:
    """True when the words at ``i`` open a finite clause: a short subject, then an auxiliary
    ("the rise would cost", "two soldiers had been killed"), before any punctuation or relative."""
    n = len(after)
    if i >= n or after[i][0].lower() in BAD_CLAUSE_START or after[i][0] in CLAUSE_STOPS:
        return False
    for x in range(i + 1, min(n, i + 10)):
        w = after[x][0]
        if w in CLAUSE_STOPS or w.lower() in ("that", "which", "who", "to", "whose", "whom"):
            return False
        if w.lower() in FINITE or w in ("n't",):
            return True
    return False


def _object_link(masked, b, after, i, links) -> tuple[int, int] | None:
    """Content of an object-complement cue: "urged [the governments not to turn away boats]",
    "accused [him of rushing ...]", "asked [whether ...]" (object and link, to the clause end)."""
    n = len(after)
    if i < n and after[i][0].lower() in ("whether", "if") and ("whether" in links):
        return (after[i][1], _clause_end(masked, after[i][1], b))
    for x in range(i + 1, min(n, i + 12)):
        w = after[x][0]
        if w in CLAUSE_STOPS or w.lower() == "that":
            return None
        if w.lower() in links:
            if w.lower() in ("whether", "if"):
                return (after[x][1], _clause_end(masked, after[x][1], b))
            if x + 1 < n and after[x + 1][0] not in CLAUSE_STOPS:
                return (after[i][1], _clause_end(masked, after[i][1], b))
            return None
    return None


def _skip_object(after, i) -> int:
    n = len(after)
    # "told state television", "told a news conference", "told the Folha de S.Paulo newspaper"
    j = i + 1 if i < n and after[i][0].lower() in ("the", "a", "an", "his", "her", "their", "its") else i
    roles = lexicons().roles
    for x in range(j, min(n, j + 6)):
        w = after[x][0]
        if w.lower() in TELL_OBJECTS or (w.lower().endswith("s") and w.lower() in roles and w.islower()):
            return x + 1  # (and plural roles: "told senators", "told lawmakers")
        if w in CLAUSE_STOPS or w.lower() in NOUN_DETERMINERS | {"that"} or w.lower() in FINITE:
            break
    if i < n and after[i][0].lower() in ("the", "a", "an") and i + 1 < n and (
        after[i + 1][0].lower() in TELL_OBJECTS or is_capitalized(after[i + 1][0])
    ):
        i += 1
    if i < n and after[i][0].lower() in TELL_OBJECTS:
        return i + 1
    j = i
    while j < n and is_capitalized(after[j][0]) and j - i < 5:
        j += 1
    return j


def _clause_end(masked: str, start: int, b: int) -> int:
    end = b
    # a clause stops before an inner "according to" or a new attributed sentence part
    m = _INNER_ACCORDING.search(masked, start, min(b, start + 3000))
    if m:
        end = m.start()
    first = masked[start:start + 40].split()[:1]
    # "said the pledge was worthless and accused her of ...": the speaker accuses; "said Biden had spoken
    # to Netanyahu and urged him to ...": Biden urged (a clause with a named or pronoun subject keeps it)
    own_subject = bool(first) and (first[0][:1].isupper() and first[0] not in ("The", "A", "An", "Its", "Their")
                                   or first[0].lower() in ("he", "she", "they", "it", "we", "i"))
    m = _coordinated_cue(not own_subject).search(masked, start, end)
    if m:
        end = m.start()  # "... and predicted it would ...": a second reported clause with its own cue
    m = _TRAILING_REBUTTAL.search(masked, start, end)
    if m:
        end = m.start()  # "..., a charge Rome rejected": the reporter's aside, not the speaker's words
    while end > start and masked[end - 1] in " .\n":
        end -= 1
    return end


@lru_cache(maxsize=2)
def _coordinated_cue(with_objects: bool = False) -> re.Pattern:
    """", and warned that", " but insisted", " and predicted": a coordinated speech verb in the past tense;
    ``with_objects`` adds the label and object verbs (" and called it", " and accused her of")."""
    comps = ("clause", "that", "label", "object") if with_objects else ("clause", "that")
    forms = sorted((f for f, (_, comp) in cue_lexicon().verbs.items()
                    if f.islower() and comp in comps and (f.endswith("ed") or f in ("said", "told", "wrote"))),
                   key=len, reverse=True)
    return re.compile(r",?\s+(?:and|but)\s+(?:also\s+|later\s+)?(?:" + "|".join(map(re.escape, forms)) + r")\b")


def _np_backward(masked: str, toks) -> tuple[str, int, int, str | None] | None:
    """The speaker phrase ending at the end of ``toks``: ``(text, start, end, appositive)``."""
    if not toks:
        return None
    lex = lexicons()
    t = toks[-1][0]
    if is_pronoun(t):
        return t, toks[-1][1], toks[-1][2], None
    if t == ",":
        rel = _relative_start(toks)
        if rel is not None and rel >= 1 and is_capitalized(toks[rel - 1][0]):
            # "Brightline, which is based in Eden Prairie, Minn., said", "Kayla Voss, a lawyer for
            # Alliance Defending Freedom, which represents the counselor, said": before the relative clause
            name = _np_backward(masked, toks[:rel] if toks[rel - 1][0] != "," else toks[:rel - 1])
            if name is not None and not is_pronoun(name[0]):
                return name
        # "Volodymyr Zelensky, the president of Ukraine, said"
        k = len(toks) - 2
        while k >= 0 and toks[k][0] not in (",", ".", ";", MASK) and len(toks) - k < 16:
            k -= 1
        chunk = toks[k + 1:-1]
        if k < 0:
            # "Lydia Buchtmann for Food Standards Australia New Zealand, says": the whole lead
            whole = _np_backward(masked, toks[:-1])
            if whole is not None and whole[1] == toks[0][1]:
                return whole
            return None
        if toks[k][0] != ",":
            return None
        if chunk and len(chunk) >= 2 and chunk[0][0].islower() and (chunk[0][0].endswith("ed") or chunk[0][0] in ACCESS_PARTICIPLES):
            # "The report, released Tuesday by the Government Accountability Office, found": the
            # body that made it speaks; with no "by", the noun before the aside
            by = next((x for x in range(1, len(chunk) - 1) if chunk[x][0] == "by"), None)
            maker = _np_forward(masked, chunk[by + 1:], chunk[-1][2]) if by is not None else None
            if maker is not None and not is_pronoun(maker[0]):
                return maker[0], maker[1], maker[2], None
            noun = _np_backward(masked, toks[:k])
            if noun is not None:
                return noun
            lead = _long_subject(masked, toks[:k]) if k >= 1 else None
            if lead is not None:
                return lead
        if chunk and (chunk[0][0].lower() in ADJUNCT_PREPS | {"speaking", "citing", "writing", "who", "which", "whose"} - {"at", "from"}
                      or (len(chunk) <= 2 and all(c[0].isupper() or c[0].isdigit() for c in chunk))):
            # "X, in remarks to al-Ikhbariya television, said" / "Tom Molomby, SC, said": skip the aside
            return _np_backward(masked, toks[:k + 1] if toks[k][0] != "," else toks[:k])
        run = 0
        while run < len(chunk) and is_capitalized(chunk[run][0]):
            run += 1
        if chunk and run <= 5 and k >= 1 and toks[k - 1][0].lower() in lex.roles \
                and (toks[k - 1][0].islower() or (k >= 2 and toks[k - 2][0].lower() in ("the", "a", "an", "his", "her", "its"))) \
                and (run == len(chunk) or (chunk[run][0] in ("of", "at", "from") and run + 1 < len(chunk)))\
                and sum(1 for c in chunk[:run] if c[0] not in lex.title_tokens) >= 2:
            # "the lead Democratic negotiator, Sen. Edward Kennedy, said", "The lead author, Dr. Anne-Marie
            # Duval of the University of Lyon, said": the titled name after the role
            role = _role_np(masked, toks[:k])
            role_text = role[0] if role is not None else None
            if run < len(chunk):
                role_text = ((role_text + " ") if role_text else "") + masked[chunk[run][1]:chunk[-1][2]]
            return masked[chunk[0][1]:chunk[run - 1][2]], chunk[0][1], chunk[run - 1][2], role_text
        if chunk and len(chunk) <= 6 and all(is_capitalized(c[0]) for c in chunk) \
                and any(c[0] in lex.title_tokens for c in chunk) and sum(1 for c in chunk if c[0] not in lex.title_tokens) >= 2:
            # "The Commissioner for the Environment and Water Resources, Alhaji Tokunbo Bello-Adeyemi, said":
            # a titled name after the description
            role = _role_np(masked, toks[:k])
            return masked[chunk[0][1]:chunk[-1][2]], chunk[0][1], chunk[-1][2], role[0] if role is not None else None
        if chunk and len(chunk) >= 3 and chunk[0][0] in PARTY_LABELS and chunk[1][0] in ("of", "from", "for"):
            # "Senator Diane Okafor, Democrat of Virginia, said": a party-and-state appositive
            name = _np_backward(masked, toks[:k])
            if name is not None and not is_pronoun(name[0]):
                return name[0], name[1], name[2], masked[chunk[0][1]:chunk[-1][2]]
        if chunk and (_role_chunk(chunk) or chunk[0][0] in ("of", "from", "at", "for")):
            # a second appositive before this one ("X, Director of ..., and Chairman of ..., says")
            outer = _np_backward(masked, toks[:k + 1]) if chunk[0][0] == "and" else None
            if outer is not None:
                return outer
            name = _np_backward(masked, toks[:k])
            if name is not None and not is_pronoun(name[0]):
                app = masked[chunk[0][1]:chunk[-1][2]]
                return name[0], name[1], name[2], app
        if chunk and (len(chunk) == 1 or masked[chunk[0][1]:chunk[-1][2]] in lex.places) and is_capitalized(chunk[0][0]):
            # "..., curator at the University of Arkansas, Fayetteville, said": a place ends the appositive
            return _np_backward(masked, toks[:k + 1])
        if chunk and len(chunk) <= 4 and all(is_capitalized(c[0]) and c[0] not in lex.stop for c in chunk):
            # "The secretary general of CEI, Nunzio Galantino, has called": the name after the role
            role = _role_np(masked, toks[:k])
            app = role[0] if role is not None else None
            return masked[chunk[0][1]:chunk[-1][2]], chunk[0][1], chunk[-1][2], app
        if chunk and chunk[0][0].lower() in ("a", "an", "the", "his", "her", "their", "its") and len(chunk) >= 2:
            # "Tom Rawlings, a Democrat from Ohio, said": an appositive describing a named person or body
            name = _np_backward(masked, toks[:k])
            if name is not None and not is_pronoun(name[0]) and any(is_capitalized(w) for w in name[0].split()):
                return name[0], name[1], name[2], masked[chunk[0][1]:chunk[-1][2]]
            if name is not None and chunk[0][0].lower() == "the" and len(chunk) <= 6 \
                    and all(is_capitalized(c[0]) or c[0] in GLUE for c in chunk[1:]) and is_capitalized(chunk[-1][0]):
                # "Her party, the Orange Democratic Movement, said": the name in the appositive
                return masked[chunk[1][1]:chunk[-1][2]], chunk[1][1], chunk[-1][2], name[0]
        rel = _relative_start(toks)
        if rel is not None:
            # "María Fernández, who chairs ..., and is ..., said": a long relative clause
            name = _np_backward(masked, toks[:rel])
            if name is not None and not is_pronoun(name[0]):
                return name
        return None
    unnamed = _unnamed_source(masked, toks, lex)
    if unnamed is not None:
        return unnamed
    j = len(toks) - 1
    while j >= 0 and _np_token(toks, j, lex):
        j -= 1
    np = toks[j + 1:]
    if not np or not any(is_capitalized(x[0]) or x[0].lower() in lex.roles or x[0] in lex.org_words for x in np):
        # "Critics of the bill say", "supporters of the measure argued": a role (or body) with a
        # lower-case complement; the phrase reaches back to the role word
        x = next((x for x in range(len(toks) - 2, max(0, len(toks) - 6), -1)
                  if toks[x][0] in ("of", "for", "at", "in", "from", "on", "with", "to")), None)
        tail = toks[x + 1:] if x is not None else []
        if tail and tail[0][0].lower() in NOUN_DETERMINERS:
            tail = tail[1:]
        if x is not None and x >= 1 and 1 <= len(tail) <= 3 and all(
                t[0].isalpha() and t[0].islower() and t[0] not in GLUE and not t[0].endswith("ing")
                and t[0] not in cue_lexicon().verbs and t[0] not in FINITE for t in tail):
            head = _np_backward(masked, toks[:x])
            if head is not None and not is_pronoun(head[0]) and head[2] == toks[x - 1][2] \
                    and (toks[x - 1][0].lower() in lex.roles or toks[x - 1][0] in lex.org_words):
                return masked[head[1]:toks[-1][2]], head[1], toks[-1][2], head[3]
    # trim leading glue and stop words
    while np and (np[0][0] in GLUE or np[0][0] in lex.stop and np[0][0] not in ("The",) or np[0][0] in ("'s", "’s")):
        np = np[1:]
    if not np:
        return None
    if len(np) > 1 and np[0][0] == "The":
        pass
    k = len(toks) - len(np)
    by = k - 1 if k >= 1 and toks[k - 1][0] == "by" else k - 2 if k >= 2 and toks[k - 1][0] == "the" and toks[k - 2][0] == "by" else None
    if np and by is not None and by <= 14 and any(t[0] in ("who", "that", "which") for t in toks[:by]) \
            and not any(t[0] in CLAUSE_STOPS for t in toks[:by]):
        # "The conductor who was dismissed by the Royal Northern Philharmonic has said": not the orchestra
        return masked[toks[0][1]:np[-1][2]], toks[0][1], np[-1][2], None
    if np and k >= 2 and toks[k - 1][0] in ("in", "of", "at", "from", "near") and toks[k - 2][0].isalpha() \
            and toks[k - 2][0].islower() and toks[k - 2][0] not in lex.title_tokens and toks[k - 2][0] not in lex.org_words \
            and not (toks[k - 1][0] in ("in", "from") and toks[k - 2][0].lower() in lex.roles):
        # "Residents of Alder Creek say", "Two sisters who run the last bookshop in Market Harborough say":
        # the place modifies a lower-case head; the phrase from the sentence start is the subject
        if k <= 14 and not any(t[0] in CLAUSE_STOPS or t[0] in cue_lexicon().verbs for t in toks[:k]) \
                and not (toks[k - 1][0] == "of" and toks[k - 2][0].lower() in lex.roles and not toks[k - 2][0].endswith("s")):
            return masked[toks[0][1]:np[-1][2]], toks[0][1], np[-1][2], None
    if np and k >= 4 and all(is_capitalized(x[0]) for x in np):
        # "Analyst Martin Roldan of the consultancy Ecolatina": the person, with the body as the role
        x = k - 1
        while x >= 0 and k - x <= 2 and toks[x][0].isalpha() and toks[x][0].islower() and toks[x][0] not in GLUE:
            x -= 1
        if x < k - 1 and x >= 2 and toks[x][0].lower() in ("the", "a", "an") and toks[x - 1][0] in ("of", "at", "from", "with") \
                and is_capitalized(toks[x - 2][0]):
            person = _np_backward(masked, toks[:x - 1])
            if person is not None and not is_pronoun(person[0]):
                return person[0], person[1], np[-1][2], masked[toks[x - 1][1]:np[-1][2]]
    if np and k >= 2 and toks[k - 1][0] in ("in", "from") and (masked[np[0][1]:np[-1][2]] in lex.places and (
            (toks[k - 2][0].lower() in lex.roles and toks[k - 2][0].lower().endswith("s")) or toks[k - 2][0] in lex.org_words)
            or toks[k - 2][0] in BRANCH_WORDS
            or (toks[k - 1][0] == "in" and toks[k - 2][0].lower() in lex.roles and toks[k - 2][0].lower().endswith("s"))):
        # "Officials in Gaza said", "the foreign ministry in Beijing said": the people or body, not the
        # place; "Residents in Alder Creek" (but "Campaigners from Save Leeds Libraries": the group), "The
        # National Weather Service office in Greenville-Spartanburg said": any place
        inner = _np_backward(masked, toks[:k - 1])
        if inner is not None:
            return inner[0], inner[1], np[-1][2], inner[3]
    k = len(toks) - len(np)
    if len(np) == 1 and np[0][0].lower() in DOCUMENT_HEADS and k >= 2:
        # "PC World's recent analysis concluded": the owner's document, modifiers and all
        x = k - 1
        while x >= 0 and k - x <= 2 and toks[x][0].isalpha() and toks[x][0].islower():
            x -= 1
        if x >= 1 and toks[x][0] in ("'s", "’s") and is_capitalized(toks[x - 1][0]):
            owner = _np_backward(masked, toks[:x + 1])
            if owner is not None:
                return masked[owner[1]:np[-1][2]], owner[1], np[-1][2], None
    text = masked[np[0][1]:np[-1][2]]
    if not any(is_capitalized(x[0]) or x[0].lower() in lex.roles or x[0] in lex.org_words or _AGE.fullmatch(x[0]) for x in np):
        return None
    return text, np[0][1], np[-1][2], None


_OWNERS = {"'s", "’s", "the", "a", "an", "his", "her", "its", "their", "our"}


def _role_np(masked: str, toks) -> tuple[str, int, int, str | None] | None:
    """The role phrase ending ``toks`` before a name set off by commas ("The city's budget
    director, Paul Hennessy, said"): ``_np_backward``'s phrase and the one lower-case word
    modifying it after a possessive or determiner ("budget" after "city's"), which a speaker
    phrase leaves out."""
    role = _np_backward(masked, toks)
    if role is None or is_pronoun(role[0]):
        return role
    x = next((i for i, t in enumerate(toks) if t[1] == role[1]), None)
    if x is not None and x >= 2 and toks[x - 1][0].isalpha() and toks[x - 1][0].islower() \
            and toks[x - 1][0] not in GLUE and toks[x - 1][0] not in FINITE and toks[x - 1][0] not in cue_lexicon().verbs \
            and toks[x - 2][0].lower() in _OWNERS:
        return masked[toks[x - 1][1]:role[2]], toks[x - 1][1], role[2], role[3]
    return role


def _unnamed_source(masked, toks, lex):
    """"two people familiar with the talks", "a source close to the president": an unnamed
    source phrase ending ``toks`` (its speaker is nobody named), else ``None``."""
    x = next((x for x in range(len(toks) - 2, max(0, len(toks) - 7), -1) if toks[x][0] in ("with", "to", "on")), None)
    if x is None or x < 2 or toks[x - 1][0] not in SOURCE_ADJECTIVES:
        return None
    tail = toks[x + 1:]
    if not (1 <= len(tail) <= 5) or any(t[0] in CLAUSE_STOPS or t[0] in cue_lexicon().verbs or t[0].lower() in FINITE
                                        for t in tail):
        return None
    if not (toks[x - 2][0].lower() in lex.roles or toks[x - 2][0].lower() in SOURCE_HEADS):
        return None
    y = x - 2
    while y > 0 and (toks[y - 1][0].lower() in NUMBER_WORDS | {"a", "an", "the", "several", "some", "other", "senior"}
                     or toks[y - 1][0].isdigit()):
        y -= 1
    return masked[toks[y][1]:toks[-1][2]], toks[y][1], toks[-1][2], None


def _long_subject(masked, toks):
    """A sentence-initial document, body or group followed by a long modifier before its verb:
    "A new study documenting iodine status in ... children has revealed", "The results of the
    ... Study published in ... this week, revealed" -> ("A new study", ...). ``None`` otherwise."""
    lex = lexicons()
    n = len(toks)
    verbs = cue_lexicon().verbs
    poss = next((i for i in range(1, min(n, 6)) if toks[i][0] in ("'s", "’s")), None)
    if poss is not None and all(is_capitalized(t[0]) for t in toks[:poss]):
        # "PC World's recent analysis of its own web traffic statistics concluded": the owner's document
        doc = next((i for i in range(poss + 1, min(n, poss + 4)) if toks[i][0].lower() in DOCUMENT_HEADS), None)
        if doc is not None and n - doc <= 12 and not any(
                t[0] in (".", ";", ":", MASK, ",") or t[0].lower() in FINITE or t[0] in verbs for t in toks[doc + 1:]):
            return masked[toks[0][1]:toks[doc][2]], toks[0][1], toks[doc][2], None
    for x in range(n - 1, max(-1, n - 26), -1):
        if toks[x][0] in (".", ";", ":", MASK, "!", "?") or toks[x][0].lower() in FINITE | {"be", "been"} \
                or toks[x][0] in verbs or (toks[x][0] == "," and x < n - 1):
            return None  # (a verb in between: the phrase is not this verb's subject)
        if x == 0 and toks[0][0].lower() in DOCUMENT_HEADS and toks[0][0].endswith("s") and n > 2:
            # "Posts on the message board ... from Friday theorized that": a bare plural document
            return masked[toks[0][1]:toks[0][2]], toks[0][1], toks[0][2], None
        if toks[x][0].lower() in ("a", "an", "the") and (x == 0 or toks[x - 1][0] in (",", "(", "\n")):
            y = x + 1
            while y < n and y - x <= 3 and toks[y][0].isalpha() and toks[y][0].lower() not in DOCUMENT_HEADS \
                    and toks[y][0].lower() not in lex.roles and toks[y][0] not in lex.org_words:
                y += 1
            if y < n and y < n - 1 and (toks[y][0].lower() in DOCUMENT_HEADS or toks[y][0].lower() in lex.roles
                                        or toks[y][0] in lex.org_words):
                if x > 0:
                    return None  # only a subject that opens its sentence
                while y + 1 < n - 1 and (toks[y + 1][0].lower() in DOCUMENT_HEADS or toks[y + 1][0].lower() in lex.roles
                                         or toks[y + 1][0] in lex.org_words):
                    y += 1  # "The army general who ...": the last head word
                return masked[toks[x][1]:toks[y][2]], toks[x][1], toks[y][2], None
            return None
    return None


def _relative_start(toks) -> int | None:
    """Index of the comma opening ", who/whose/which ..." that runs to the end of ``toks``
    (at most 40 tokens back, no sentence break or quote inside), else ``None``."""
    for x in range(len(toks) - 2, max(-1, len(toks) - 42), -1):
        if toks[x][0] in (";", MASK, ":") or (toks[x][0] == "." and toks[x + 1][0] != ","):
            return None  # (an abbreviation's period before a comma, "Eden Prairie, Minn., said", is no stop)
        if toks[x][0] == "," and x + 1 < len(toks) and toks[x + 1][0].lower() in ("who", "whose", "which", "where") and x > 0:
            return x
    return None


def _role_chunk(chunk) -> bool:
    """True for an appositive that names a role ("the president of Ukraine", "spokesperson for ...")."""
    lex = lexicons()
    head = chunk[:6]
    return any(t[0].lower() in lex.roles or t[0] in lex.title_tokens for t in head) and len(chunk) <= 14


def _lower_role(chunk) -> bool:
    lex = lexicons()
    return any(t[0].lower() in lex.roles for t in chunk[:4])


def _np_token(toks, j, lex) -> bool:
    t = toks[j][0]
    if t in (MASK, ",", ".", ";", ":", "(", ")", "!", "?"):
        return False
    if t in ("'s", "’s"):  # (and "the ministry's statement")
        return j > 0 and (is_capitalized(toks[j - 1][0]) or toks[j - 1][0] in lex.org_words
                          or toks[j - 1][0].lower() in lex.roles)
    if is_capitalized(t):
        return True
    low = t.lower()
    if low in lex.roles or t in lex.org_words or _AGE.fullmatch(t):
        return True  # (and "the 45-year-old")
    if _modifier(toks, j, lex, 0):
        return True  # "White House press secretary", "a senior administration official", "the national statistics office"
    if t == "in" and 0 < j < len(toks) - 1 and is_capitalized(toks[j - 1][0]) and is_capitalized(toks[j + 1][0]) \
            and toks[j + 1][0] not in WEEKDAYS | MONTHS and not (toks[j - 1][0].lower() in lex.roles and toks[j - 1][0].endswith("s")) \
            and j >= 2 and is_capitalized(toks[j - 2][0]):
        return True  # "the Institute of Space Sciences in Barcelona": a body and its seat
    if t in GLUE and j + 1 < len(toks) and j > 0:
        right = toks[j + 1][0]
        left = toks[j - 1][0]
        if t == "of" and right == "the" and j + 2 < len(toks) and is_capitalized(toks[j + 2][0]) and is_capitalized(left):
            right = toks[j + 2][0]  # "Jordi Casals of the Institute of Space Sciences"
        if t == "the" and left == "of" and j >= 2 and is_capitalized(toks[j - 2][0]) and is_capitalized(right):
            return True
        return is_capitalized(right) and right not in WEEKDAYS | MONTHS and (left in lex.title_tokens or left in lex.org_words or left.lower() in lex.roles or is_capitalized(left))
    if low in ("the", "a", "an"):
        return j + 1 < len(toks) and (is_capitalized(toks[j + 1][0]) or toks[j + 1][0].lower() in lex.roles
                                      or toks[j + 1][0] in lex.org_words)
    return False


def _modifier(toks, j, lex, depth) -> bool:
    """True for a lower-case word modifying a role or organization head within two words, after a
    determiner or a capitalized word ("a senior administration official", "the national statistics office")."""
    t = toks[j][0]
    if not (t.isalpha() and t.islower()) or t in GLUE or t in cue_lexicon().verbs or t.lower() in NOUN_DETERMINERS \
            or t in FINITE or j + 1 >= len(toks) or j == 0:
        return False
    nxt = toks[j + 1][0]
    left = toks[j - 1][0]
    head_next = nxt.lower() in lex.roles or nxt in lex.org_words
    if not head_next and not (j + 2 < len(toks) and nxt.isalpha() and nxt.islower()
                              and (toks[j + 2][0].lower() in lex.roles or toks[j + 2][0] in lex.org_words)):
        return False
    if is_capitalized(left) or left.lower() in ("the", "a", "an"):
        return True
    return depth == 0 and head_next and _modifier(toks, j - 1, lex, 1)


def _glue_then_name(toks, j) -> bool:
    """True when the glue words at ``j`` ("to the", "of") lead to a capitalized word (not a day or month:
    "China on Friday warned")."""
    k = j
    while k < len(toks) and k - j < 3 and (toks[k][0] in GLUE or toks[k][0].lower() in ("the", "a", "an")):
        k += 1
    return k < len(toks) and k > j and is_capitalized(toks[k][0]) and toks[k][0] not in WEEKDAYS | MONTHS


def _looks_named(np, lex) -> bool:
    """True when a phrase holds a person's name (two capitalized words that are not titles or places)."""
    words = [x[0] for x in np if is_capitalized(x[0]) and x[0] not in lex.title_tokens and x[0] not in lex.org_words]
    return len(words) >= 2 and " ".join(words) not in lex.places and not any(w in lex.places for w in words)


def _quantifier_length(toks) -> int:
    """Tokens of a leading count ("More than 30", "At least 12", "Dozens of", "About 200"), else 0."""
    low = [t[0].lower() for t in toks[:4]]
    num = lambda w: w[:1].isdigit() or w in NUMBER_WORDS or w in ("dozen", "hundred", "thousand")  # noqa: E731
    if len(low) >= 3 and low[0] in ("more", "fewer", "less") and low[1] == "than" and num(low[2]):
        return 3
    if len(low) >= 3 and low[0] == "at" and low[1] in ("least", "most") and num(low[2]):
        return 3
    if len(low) >= 2 and low[0] in ("about", "nearly", "almost", "roughly", "some", "over") and num(low[1]):
        return 2
    if len(low) >= 2 and low[0] in ("dozens", "hundreds", "thousands", "scores") and low[1] == "of":
        return 2
    return 0


def _np_forward(masked: str, toks, b: int, app_needs_comma: bool = False) -> tuple[str, int, int, str | None] | None:
    """The speaker phrase at the start of ``toks`` (after an inverted verb or "according to")."""
    if not toks:
        return None
    lex = lexicons()
    if is_pronoun(toks[0][0]):
        return toks[0][0], toks[0][1], toks[0][2], None
    q = _quantifier_length(toks)
    if q and q < len(toks):
        # "More than 30 Ohio Democratic lawmakers", "Dozens of residents": the people counted
        inner = _np_forward(masked, toks[q:], b, app_needs_comma)
        return (masked[toks[0][1]:inner[2]], toks[0][1], inner[2], inner[3]) if inner is not None else None
    j = 0
    n = len(toks)
    while j < n and j < 14:
        t = toks[j][0]
        if t in (MASK, ",", ".", ";", ":", "!", "?", "(", ")"):
            break
        if is_capitalized(t) or t.lower() in lex.roles or t in ("'s", "’s") or (j > 0 and t in lex.org_words) \
                or (j > 0 and t in DOCUMENT_HEADS):  # (and "an Internet posting")
            j += 1
            continue
        if (t in GLUE or t.lower() in ("the", "a", "an")) and _glue_then_name(toks, j):
            prev = toks[j - 1][0] if j else ""
            if j == 0 or t.lower() in ("the", "a", "an") and j == 0 or prev in lex.title_tokens or prev in lex.org_words or prev.lower() in lex.roles:
                j += 1
                continue
            if (t in GLUE and t not in ("the",)) or prev in GLUE:
                j += 1
                continue
        if (t.lower() in ("the", "a", "an") or (t.lower() in ("his", "her", "their", "its") and n > 1
                                                 and toks[1][0].lower() in lex.roles)) and j == 0:
            j += 1
            continue
        if j == 0 and t.islower() and t not in GLUE and j + 2 < n and toks[j + 1][0].lower() in lex.roles \
                and is_capitalized(toks[j + 2][0]):
            j += 1  # "said opposition leader Keir Starmer"
            continue
        if t in cue_lexicon().verbs:
            break  # "The mayor urged residents": the verb ends the subject
        # lower-case modifiers inside a role phrase ("the Afghan team's coach")
        if j > 0 and t.islower() and t not in GLUE and t not in ("from", "by", "with", "in", "about", "into") and not (t.endswith("ed") and is_capitalized(toks[j - 1][0])) and any(
            x[0].lower() in lex.roles or x[0] in ("'s", "’s") or x[0] in lex.org_words for x in toks[j + 1:j + 3]
        ):
            j += 1
            continue
        break
    np = toks[:j]
    while np and np[-1][0] in GLUE | {"the", "a", "an", "'s", "’s"}:
        np = np[:-1]
    if not np or not any(is_capitalized(x[0]) or x[0].lower() in lex.roles or x[0] in lex.org_words for x in np) \
            or all(x[0].lower() in ("the", "a", "an") for x in np):
        return None  # (a lone "The" is no speaker; "according to the ministry" is one)
    rest = toks[len(np):]
    if not any(is_capitalized(x[0]) for x in np) and rest and rest[0][0] in ("of", "for", "at"):
        # a role with a lower-case complement before the name: "the speaker of the house, Ramon Diaz"
        k = next((x for x in range(1, min(len(rest), 7)) if rest[x][0] in CLAUSE_STOPS), None)
        if k is not None and rest[k][0] == "," and k + 1 < len(rest) and is_capitalized(rest[k + 1][0]):
            np = np + rest[:k]
            rest = rest[k:]
    text = masked[np[0][1]:np[-1][2]]
    app = None
    end = np[-1][2]
    if len(rest) >= 2 and rest[0][0] == "," and rest[1][0] != MASK:
        k = 1
        while k < len(rest) and rest[k][0] not in (",", ".", ";", MASK) and k < 14:
            k += 1
        chunk = rest[1:k]
        if chunk and (_role_chunk(chunk) or (all(is_capitalized(c[0]) for c in chunk) and len(chunk) <= 4)):
            # an appositive ends with a comma or the sentence end
            if (k >= len(rest) and not app_needs_comma) or (k < len(rest) and rest[k][0] == ",") \
                    or (k < len(rest) and rest[k][0] == "." and not app_needs_comma):
                app = masked[chunk[0][1]:chunk[-1][2]]
                end = chunk[-1][2]
                if (np[-1][0].lower() in lex.roles or any(x[0] in lex.title_tokens for x in np)) and len(chunk) <= 5 \
                        and all(is_capitalized(c[0]) for c in chunk) \
                        and sum(1 for c in chunk if c[0] not in lex.title_tokens) >= 2 and not _looks_named(np, lex):
                    # "said the lead negotiator, Sen. Edward Kennedy,": the name, with the role
                    return app, chunk[0][1], end, text
    return text, np[0][1], end, app


def _according(masked, a, b, k, s, e, phrase, toks, starts) -> Cue | None:
    i = bisect.bisect_left(starts, e)
    if i >= len(toks):
        return None
    initial = not masked[a:s].strip(" ,\n") or masked[a:s].split()[-1] in ("But", "And", "Yet", "However")
    subj = _np_forward(masked, toks[i:i + WINDOW_AFTER], b, app_needs_comma=initial)
    if subj is None:
        return None
    text, ss, se, app = subj
    via = None
    rest = toks[bisect.bisect_left(starts, se):][:WINDOW_AFTER]
    # "According to Yonhap, quoting KCNA, ..."
    if len(rest) >= 3 and rest[0][0] == "," and rest[1][0].lower() == "quoting":
        inner = _np_forward(masked, rest[2:], b)
        if inner is not None:
            via = text
            text, ss, se, app = inner[0], inner[1], inner[2], inner[3]
            m = re.match(r"\s*\([^)]*\)", masked[se:b])
            if m:
                se += m.end()
            rest = toks[bisect.bisect_left(starts, se):][:WINDOW_AFTER]
    head = masked[a:s].strip(" ,\n")
    after_np = masked[se:b]
    mq = re.match(r"[\s,]*(?:[A-Z][\w.]*[\s,]+){0,2}(?=~)", after_np)
    if mq is not None and head:
        start = se + mq.end()
        return Cue(masked[s:e], "according to", s, e, k, text, ss, se, app, "after", (start, _clause_end(masked, start, b)), "clause", via)
    if not head or head.split()[-1] in ("But", "And", "Yet", "However"):
        # sentence-initial: "According to X, CLAUSE" (or "According to X CLAUSE" with no comma)
        if rest and rest[0][0] in ("from", "by", "of", "at", "for", "in", "on", "published", "released", "issued"):
            # "According to a statement from the prime minister's office, CLAUSE": the phrase runs to the comma
            comma = next((x for x in range(min(len(rest), 14)) if rest[x][0] in CLAUSE_STOPS), None)
            if comma is not None and rest[comma][0] == "," and comma + 1 < len(rest):
                by = next((x for x in range(comma) if rest[x][0] in ("from", "by")), None)
                if text.split()[-1].lower() in DOCUMENT_HEADS | {"statement", "statements"} and by is not None \
                        and by + 1 < comma:
                    ss = rest[by + 1][1]  # the owner speaks: "a report by the International Crisis Group"
                se = rest[comma - 1][2]
                text, app = masked[ss:se], None
                rest = rest[comma:]
        j = 0
        while j < len(rest) and rest[j][0] in (",",):
            j += 1
        if j >= len(rest):
            return None
        start = rest[j][1]
        content = (start, _clause_end(masked, start, b))
        side = "after"
    else:
        # "CLAUSE, according to X."
        comma = next((x for x in range(min(len(rest), 12)) if rest[x][0] in CLAUSE_STOPS), None)
        if head.split()[-1].lower() == "that" and comma is not None and rest[comma][0] == "," and len(head.split()) >= 3:
            # "Wikinews has learned that according to an Internet posting made ..., CLAUSE": the clause after
            start = rest[comma + 1][1] if len(rest) > comma + 1 else None
            if start is None:
                return None
            return Cue(masked[s:e], "according to", s, e, k, text, ss, se, app, "after",
                       (start, _clause_end(masked, start, b)), "clause", via)
        if head.split()[-1].lower() in ("which", "who", "that"):
            return None
        end = s
        while end > a and masked[end - 1] in " ,\n":
            end -= 1
        content = (a, end)
        side = "before"
    if content[1] <= content[0]:
        return None
    return Cue(masked[s:e], "according to", s, e, k, text, ss, se, app, side, content, "clause", via)


def _add_via(masked: str, cues: list[Cue]) -> list[Cue]:
    """Relay: a sentence-initial "According to OUTLET, X said ..." gives X's cue ``via`` OUTLET."""
    from .speakers import describe, is_outlet

    by_sentence: dict[int, list[Cue]] = {}
    for c in cues:
        by_sentence.setdefault(c.sentence, []).append(c)

    def relays(c: Cue, d: Cue) -> bool:
        return (c.lemma == "according to" and c is not d and d.lemma != "according to" and bool(d.subject)
                and c.start < d.subject_start < c.content[1])

    has_relay = {k for k, cs in by_sentence.items() if any(c.lemma == "according to" for c in cs) and len(cs) > 1}
    out = []
    trailing_via: dict[int, str] = {}
    for c in cues:
        same = by_sentence[c.sentence]
        if c.lemma == "according to" and c.side == "before" and c.sentence in has_relay:
            inner = [d for d in same if d is not c and d.lemma != "according to" and d.subject
                     and c.content[0] <= d.subject_start and d.end <= c.content[1]]
            if inner:
                # "The Kremlin said X, according to Interfax": the inner cue speaks, the outlet relays
                name = describe(c.subject or "").name or c.subject
                if is_outlet(name):
                    for d in inner:
                        trailing_via[id(d)] = name
                continue
        if c.lemma == "according to" and c.side == "after" and c.via is None and c.sentence in has_relay:
            if any(relays(c, d) for d in same) and is_outlet(describe(c.subject or "").name or c.subject):
                continue  # the outlet only relays; the inner cue carries the speaker
        out.append(c)
    final = []
    for d in out:
        same = by_sentence[d.sentence]
        relay = None
        if id(d) in trailing_via and d.via is None:
            final.append(Cue(**{**_asdict(d), "via": trailing_via[id(d)]}))
            continue
        if d.sentence in has_relay and d.via is None:
            relay = next((c for c in same if relays(c, d) and is_outlet(describe(c.subject or "").name or c.subject)), None)
        if relay is not None:
            d = Cue(**{**_asdict(d), "via": describe(relay.subject or "").name or relay.subject})
        final.append(d)
    return final


def _asdict(c: Cue) -> dict:
    return {f: getattr(c, f) for f in c.__dataclass_fields__}
