"""Speakers: read a speaker's noun phrase, and merge its mentions into one speaker per article.

A speaker phrase ("Secretary of State Antony Blinken", "Volodymyr Zelensky, the
president of Ukraine", "the U.S.", "he") is parsed into a name, a role and a type
(person, organization, unknown) from the lexicons in ``lexicons/``: titles
(``person_titles.txt``), role nouns (``role_words.txt``), organizations and outlets
(``speaker_orgs.csv``, ``org_words.txt``) and words never part of a name
(``name_stopwords.txt``). A ``Roster`` then gives each mention its canonical name
(surname -> full name) and resolves he/she to the most recent compatible person.

>>> describe("Secretary of State Antony Blinken")
Speaker(name='Antony Blinken', role='Secretary of State', type='person')
>>> describe("the U.S.")
Speaker(name='U.S.', role=None, type='organization')
"""

from __future__ import annotations

import bisect
import csv
import re
from difflib import SequenceMatcher
from dataclasses import dataclass, field
from functools import lru_cache

from . import config
from .segment import read_word_list

PRONOUNS = {
    "he": "m", "she": "f", "it": "org", "they": "plural", "we": "plural", "i": "self",
    "who": "rel", "you": "plural",
}
MALE = {"he", "his", "him", "himself"}
FEMALE = {"she", "her", "hers", "herself"}
MALE_TITLES = {"Mr", "Mr.", "Sir", "Lord", "King", "Prince", "Father", "Congressman"}
FEMALE_TITLES = {"Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Dame", "Lady", "Queen", "Princess", "Congresswoman"}
GLUE = {"of", "the", "to", "for", "at", "on", "de", "del", "al", "bin", "ibn", "van", "von", "der", "du", "da", "la", "le", "and", "&", "-"}
OWNED_VOICES = {"statement", "letter", "remarks", "tweet", "post", "blog", "office", "website", "spokesman", "spokeswoman", "spokesperson",
                "campaign", "memo", "document", "report", "email", "e-mail", "cable", "filing", "announcement", "account",
                # round 3: polls and studies speak for whoever ran them ("a Reuters/Ipsos poll found")
                "poll", "survey", "study", "analysis", "data", "figures", "research", "review", "audit", "census", "findings",
                "complaint", "lawsuit", "indictment", "motion", "brief", "affidavit"}
# A speaker phrase headed by one of these, with no owner named, is a document: no speaker ("Posts
# on the message board theorized", "an Internet posting")
DOCUMENT_WORDS = {"study", "studies", "report", "reports", "poll", "polls", "survey", "surveys", "analysis", "research",
                  "data", "figures", "findings", "review", "audit", "inquiry", "investigation", "census", "paper",
                  "statistics", "assessment", "evaluation", "probe", "document", "documents", "memo", "letter", "results",
                  "posts", "post", "posting", "postings", "messages", "emails", "records", "files", "minutes", "polling",
                  # round 5: court and agency papers ("the FTC's complaint said", "the indictment alleges")
                  "complaint", "lawsuit", "indictment", "filing", "motion", "brief", "affidavit"}
DETERMINERS = {"the", "a", "an", "The", "A", "An"}
COUNT_WORDS = {"two", "three", "four", "five", "six", "several", "many", "some", "most", "both", "all", "dozens", "hundreds"}
POST_NOMINALS = {"KC", "QC", "SC", "MP", "MSP", "MEP", "MS", "AM", "OBE", "MBE", "CBE", "KBE", "DBE", "PhD", "MD", "Esq"}

TOKEN = re.compile(r"[^\W_][\w.'’\-@#&]*|[@#][\w]+|~+|[^\w\s~]")


@dataclass(frozen=True, slots=True)
class Speaker:
    """A parsed speaker phrase: canonical-ready ``name`` (None if none), ``role``, ``type``."""

    name: str | None
    role: str | None
    type: str  # person, organization, unknown


@dataclass(slots=True)
class Lexicons:
    """The word lists speaker parsing reads (see module docstring)."""

    titles: list[tuple[str, ...]]
    title_tokens: set[str]
    roles: set[str]
    orgs: dict[str, tuple[str, str]]  # written name -> (canonical, type)
    org_words: set[str]
    outlet_words: set[str]
    stop: set[str]
    places: set[str]
    given: dict[str, str]  # given name -> "m" / "f" (a hint for he/she)


@lru_cache(maxsize=1)
def lexicons() -> Lexicons:
    """Load the bundled speaker lexicons (cached)."""
    titles = [tuple(t.split()) for t in read_word_list(config.lexicon_path("person_titles.txt"))]
    titles.sort(key=len, reverse=True)
    title_tokens = {w for t in titles for w in t if w[0].isupper()}
    roles = {w.lower() for w in read_word_list(config.lexicon_path("role_words.txt"))}
    roles |= {_plural(w) for w in roles}  # "senators", "spokesmen", "secretaries"
    orgs: dict[str, tuple[str, str]] = {}
    with config.lexicon_path("speaker_orgs.csv").open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        for r in rows:
            orgs[r["name"]] = (r["canonical"], r["type"])
    org_words, outlet_words = set(), set()
    for w in read_word_list(config.lexicon_path("org_words.txt")):
        if w.endswith("*"):
            w = w[:-1]
            outlet_words.add(w)
        org_words.add(w)
    stop = set(read_word_list(config.lexicon_path("name_stopwords.txt")))
    places = set(read_word_list(config.lexicon_path("places.txt")))
    given: dict[str, str] = {}
    with config.lexicon_path("given_names.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(line for line in fh if not line.startswith("#")):
            given[r["name"].strip()] = r["gender"].strip()
    return Lexicons(titles, title_tokens, roles, orgs, org_words, outlet_words, stop, places, given)


def _plural(w: str) -> str:
    if w.endswith("man"):
        return w[:-3] + "men"
    if w.endswith("y") and w[-2:-1] not in "aeiou":
        return w[:-1] + "ies"
    if w.endswith(("s", "sh", "ch", "x")):
        return w + "es"
    return w + "s"


def tokens(text: str, offset: int = 0) -> list[tuple[str, int, int]]:
    """Split ``text`` into ``(token, start, end)`` words and punctuation; a final period that
    ends a sentence is split off a word unless the word is an abbreviation ("U.S.", "Mr.").
    """
    out = []
    lex = lexicons()
    for m in TOKEN.finditer(text):
        t, s, e = m.group(), m.start() + offset, m.end() + offset
        if t[0] == "~":  # a blanked quotation counts as one token
            out.append(("~", s, e))
        elif len(t) > 1 and t.endswith(".") and not _abbrev(t, lex):
            out.append((t[:-1], s, e - 1))
            out.append((".", e - 1, e))
        elif len(t) > 2 and t[-2:] in ("'s", "’s"):
            out.append((t[:-2], s, e - 2))
            out.append((t[-2:], e - 2, e))
        elif len(t) > 1 and t[-1] in "'’" and t[-2] in "sS":
            out.append((t[:-1], s, e - 1))
            out.append((t[-1], e - 1, e))
        else:
            out.append((t, s, e))
    return out


def _abbrev(t: str, lex: Lexicons) -> bool:
    return "." in t[:-1] or (len(t) == 2 and t[0].isupper()) or t in lex.title_tokens


def is_capitalized(t: str) -> bool:
    """True for a word starting with an upper-case letter (or a name particle like al-Amr)."""
    return t[:1].isupper() or (t[:1] in "aebdv" and bool(_PARTICLE.match(t)))


_PARTICLE = re.compile(r"(?:al|el|bin|ibn|de|van|von)-[A-Z]")
_INITIAL = re.compile(r"[A-Z]\.")


def is_pronoun(t: str) -> bool:
    """True for a pronoun that can be a speaker (he, she, it, they, we, I, who); "WHO" is not one."""
    return t.lower() in PRONOUNS and not (len(t) > 1 and t.isupper())


def describe(phrase: str, appositive: str | None = None) -> Speaker:
    """Return the name, role and type a speaker phrase gives.

    >>> describe("Volodymyr Zelensky", "the president of Ukraine")
    Speaker(name='Volodymyr Zelensky', role='president of Ukraine', type='person')
    >>> describe("a police spokesman").type
    'unknown'
    """
    lex = lexicons()
    phrase = phrase.strip(" ,")
    words = phrase.split()
    while len(words) > 2 and words[-1].rstrip(".,") in POST_NOMINALS:
        words = words[:-1]  # "Neil Grantham KC", "Jane Doe MP"
    while words and words[0] in DETERMINERS:
        words = words[1:]
    core = " ".join(words)
    app = _strip_det(appositive) if appositive else None
    if not words:
        return Speaker(None, app, "unknown")
    if is_pronoun(core):
        kind = PRONOUNS[core.lower()]
        return Speaker(None, app, "person" if kind in ("m", "f") else "organization" if kind == "org" else "unknown")
    if core in lex.orgs:
        return Speaker(lex.orgs[core][0], app, "organization")
    if core in lex.places:
        return Speaker(core, app, "organization")
    if re.search(r"\.(com|org|net|co\.uk|ca|gov)$", core):
        return Speaker(core, app, "organization")
    toks = [t for t, _, _ in tokens(core)]
    doc = next((i for i, t in enumerate(toks) if t.lower() in DOCUMENT_WORDS and i > 0), None)
    if doc is not None and doc + 1 < len(toks) and toks[doc + 1].islower() and toks[doc + 1].endswith("ed") \
            and "by" not in toks[doc + 1:]:
        # "an Emerson College poll released last week": the modifier after the document goes
        return describe(_join(toks[: doc + 1]), appositive)
    if len(toks) >= 2 and toks[-1] in lex.orgs and all(
            t.islower() or t in ("'s", "’s") or (i + 1 < len(toks) and toks[i + 1] in ("'s", "’s"))
            for i, t in enumerate(toks[:-1])):
        # "Britain's opposition Conservatives", "the ruling Democrats": the body
        return Speaker(lex.orgs[toks[-1]][0], app, "organization")
    poss = next((i for i, t in enumerate(toks) if t in ("'s", "’s")), None)
    if poss is not None and poss >= 1 and is_capitalized(toks[poss - 1]) and any(
            t.lower() in DOCUMENT_WORDS | OWNED_VOICES for t in toks[poss + 1:poss + 4]) \
            and all(t.islower() for t in toks[poss + 1:poss + 4] if t.lower() not in DOCUMENT_WORDS | OWNED_VOICES):
        # "PC World's recent analysis of its own web traffic statistics concluded": the owner speaks
        return describe(_join(toks[:poss]), appositive)
    if len(toks) >= 3 and toks[-2] in ("'s", "’s") and toks[-1].lower() in OWNED_VOICES:
        # "Cornyn's statement added": the owner speaks
        return describe(_join(toks[:-2]), appositive)
    if len(toks) >= 2 and toks[-1] in OWNED_VOICES and is_capitalized(toks[-2]) and toks[-2] not in lex.stop:
        # "The Home Office letter reads": the organization (or person) behind it
        return describe(_join(toks[:-1]), appositive)
    rel = next((i for i, t in enumerate(toks) if t in ("who", "that") and i >= 1), None)
    if rel is not None and not any(is_capitalized(t) and t not in lex.stop and t.lower() not in COUNT_WORDS for t in toks[:rel]):
        return Speaker(None, app or core, "unknown")  # "Two sisters who run the last bookshop in Market Harborough"
    if len(toks) >= 3 and toks[0].lower() in lex.roles and toks[0].lower().endswith("s") and toks[1] == "of":
        return Speaker(None, app or core, "unknown")  # "Residents of Alder Creek", "Parents of pupils at ..."
    if len(toks) >= 3 and toks[0].lower() in lex.roles and toks[0].lower().endswith("s") and toks[1] in ("in", "from", "at"):
        rest = _join(toks[2:])
        if toks[1] in ("at", "from") and rest not in lex.places and all(is_capitalized(t) or t in GLUE for t in toks[2:]) \
                and is_capitalized(toks[2]):
            return Speaker(_org_name(rest), app or core, "organization")  # "Economists at Westpac": the firm
        return Speaker(None, app or core, "unknown")  # "Officials in Gaza": unnamed people of a place
    if toks and toks[-1].lower() in DOCUMENT_WORDS and not (len(toks) >= 2 and is_capitalized(toks[-1])):
        return Speaker(None, app or core, "unknown")  # "a new study", "Posts", "an Internet posting"
    if len(toks) >= 3 and all(is_capitalized(t) or t in GLUE for t in toks) and is_capitalized(toks[-1]) and any(
            t in lex.org_words and t[0].isupper() and toks[i + 1] in GLUE for i, t in enumerate(toks[:-2])) \
            and not any(t in lex.title_tokens for t in toks[1:-1]):
        # "Ministry of Defence", "Department of Justice", "Oregon Department of Justice" (not "Bank of
        # England Governor Andrew Bailey": a title inside is a person's)
        return Speaker(core, app, "organization")
    loc = next((i for i, t in enumerate(toks) if t in ("in", "at") and i >= 2), None)
    if loc and 2 <= loc <= 3 and toks[0] in lex.given and all(_PLAIN_NAME.fullmatch(t) for t in toks[:loc]) \
            and all(is_capitalized(t) or t in GLUE for t in toks[loc + 1:]):
        return describe(_join(toks[:loc]), appositive)  # "John Smith in Paris": the person, not the place
    if loc and is_capitalized(toks[0]) and (toks[loc - 1] in lex.org_words or toks[loc - 1] in BRANCH_WORDS) \
            and all(is_capitalized(t) or t in GLUE or t in BRANCH_WORDS for t in toks[:loc]):
        # "the National Weather Service office in Greenville-Spartanburg": the body, not the place
        head = toks[:loc]
        while head and head[-1] in BRANCH_WORDS:
            head = head[:-1]
        if len(head) >= 2 or (head and head[0] in lex.orgs):
            return Speaker(_org_name(_join(head)), app, "organization")
    lead, end = _leading_name(toks, lex)
    if end:
        # "Lydia Buchtmann for Food Standards Australia", "Mu Li of the University of NSW"
        return Speaker(" ".join(toks[lead:end]), app or _join(toks[:lead] + toks[end:]), "person")
    # The name is the run of capitalized words at the end that are not title or org words.
    run: list[str] = []
    for t in reversed(toks):
        if t in ("'s", "’s", "'", "’") or not is_capitalized(t) or t in lex.title_tokens or t in lex.org_words or t in lex.stop \
                or t.lower() in lex.roles:
            break
        run.insert(0, t)
    rest = toks[: len(toks) - len(run)]
    if toks and (toks[-1] in lex.org_words or (len(run) and " ".join(run) in lex.orgs)):
        name = core if toks[-1] in lex.org_words else lex.orgs[" ".join(run)][0]
        if toks[-1] in lex.org_words:
            return Speaker(_org_name(core), app, "organization")
        if not rest:
            return Speaker(name, app, "organization")
    if run and rest and rest[-1] in GLUE and any(t in lex.org_words for t in rest):
        return Speaker(_org_name(core), app, "organization")  # "U.S. Department of Agriculture"
    if run and " ".join(run) not in lex.orgs:
        if len(run) > 3 or (len(run) == 3 and rest and rest[-1] in GLUE):
            run = run[-2:]
            rest = toks[: len(toks) - 2]
        name = " ".join(run)
        role = _join(rest)
        role = _strip_det(role) if role else None
        if role and role.endswith((" ’s", " 's")):
            role = None
        if role:
            words_ = role.split()
            while words_ and words_[-1] in MALE_TITLES | FEMALE_TITLES | {"Dr.", "Dr"}:
                words_.pop()  # an honorific is not a role
            role = " ".join(words_) or None
        if app:
            role = app  # an appositive says more than a title: "John Burrows, the chairman of ..."
        return Speaker(name, role or None, "person")
    if app and _looks_like_name(app):
        return Speaker(describe(app).name, _strip_det(core), "person")
    return Speaker(None, app or core, "unknown")


_PLAIN_NAME = re.compile(r"[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*")
BRANCH_WORDS = frozenset({"office", "offices", "branch", "bureau"})  # "the X office in Y": X's local office


def _leading_name(toks: list[str], lex: Lexicons) -> tuple[int, int]:
    """``(start, end)`` of a 2-3 word name followed by for/of/at/from, after at most three role or
    title words ("Lead author Dr. Jordi Casals of the Institute ..."), else ``(0, 0)``."""
    for i in range(0, min(4, len(toks))):
        if i and not any(t.lower() in lex.roles or t in lex.title_tokens for t in toks[:i]):
            continue  # (a prefix must hold a role or title: "Aviation analyst", "Lead author Dr.")
        k = i
        while k < len(toks) and k - i < 4 and _name_token(toks[k], lex) and toks[k] not in lex.places:
            k += 1
        if 2 <= k - i <= 3 and k < len(toks) and toks[k] in ("for", "of", "at", "from"):
            return i, k
    return 0, 0


def _org_name(core: str) -> str:
    """Canonical organization name: the longest listed name the phrase ends with, else its
    trailing run of capitalized words ("Saudi Arabia's Civil Defense Authority" -> "Civil Defense Authority")."""
    lex = lexicons()
    words = core.split()
    for i in range(len(words)):
        tail = " ".join(words[i:])
        if tail in lex.orgs and not (i > 0 and words[i - 1] in GLUE):
            return lex.orgs[tail][0]  # (not "Australia" of "Reserve Bank of Australia")
    run: list[str] = []
    for k, w in enumerate(reversed(words)):
        glue = w in GLUE and k > 0 and len(words) - k - 1 > 0 and is_capitalized(words[len(words) - k - 2])
        if (not is_capitalized(w) and not glue) or w.endswith(("'s", "’s")):
            break
        run.insert(0, w)
    return " ".join(run) if run else core


def _looks_like_name(text: str) -> bool:
    toks = text.split()
    lex = lexicons()
    return 1 <= len(toks) <= 4 and all(is_capitalized(t) and t not in lex.stop and t not in lex.org_words for t in toks)


def _join(toks: list[str]) -> str:
    s = " ".join(toks)
    return s.replace(" ’s", "’s").replace(" 's", "'s").replace(" ’", "’").replace(" '", "'")


def _strip_det(s: str | None) -> str:
    s = (s or "").strip(" ,")
    for d in ("the ", "The ", "a ", "an ", "A ", "An "):
        if s.startswith(d):
            return s[len(d):]
    return s


def is_outlet(name: str | None) -> bool:
    """True when ``name`` is a news outlet (listed as one, or ending in an outlet word)."""
    if not name:
        return False
    lex = lexicons()
    core = _strip_det(name)
    if core in lex.orgs:
        return lex.orgs[core][1] == "outlet"
    last = core.split()[-1] if core.split() else ""
    return last in lex.outlet_words


@dataclass(slots=True)
class Entity:
    """One speaker of an article: canonical name, type, role, and gender if the text tells.

    ``titled`` is True while ``role`` is only the title written before a name in the narration
    ("Mayor Linda Okafor"): a role an attribution gives ("Okafor, the city's mayor, said")
    replaces it.
    """

    name: str
    type: str
    role: str | None = None
    votes: dict[str, int] = field(default_factory=lambda: {"m": 0, "f": 0})
    titled: bool = False

    @property
    def gender(self) -> str | None:
        m, f = self.votes["m"], self.votes["f"]
        return "m" if m > f else "f" if f > m else None


@dataclass(slots=True)
class Roster:
    """The people and organizations of one article, and where each is mentioned.

    ``mentions`` holds ``(start, canonical name)`` of every person mention outside quotes, in
    text order; ``resolve_pronoun`` reads it.
    """

    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[tuple[int, str]] = field(default_factory=list)
    acronyms: dict[str, str] = field(default_factory=dict)  # "WHO" -> "World Health Organisation"
    subjects: list[tuple[int, str]] = field(default_factory=list)  # speakers and sentence-opening people

    def canonical(self, name: str, type_: str = "person", fuzzy: bool = False, gender: str | None = None) -> str:
        """Return the canonical form of ``name``: the fullest name of the article it abbreviates.

        >>> r = Roster(); _ = r.add("Antony Blinken", "person"); r.canonical("Blinken")
        'Antony Blinken'
        """
        if name in self.entities:
            return name
        if type_ != "person":
            # "Paris claims" after "Valeska Paris ... has claimed": the one person of the article with that
            # family name, not the city (a one-word organisation or place that is someone's surname)
            hits = [e.name for e in self.entities.values()
                    if e.type == "person" and " " not in name and len(e.name.split()) >= 2 and e.name.split()[-1] == name]
            return hits[0] if len(hits) == 1 else name
        parts = name.split()
        best = None
        for ent in self.entities.values():
            if ent.type != "person" or (gender and ent.gender and ent.gender != gender):
                continue  # ("Mrs Reid" is not Joshua Reid)
            ep = ent.name.split()
            if ep[-1] == parts[-1] and len(ep) >= len(parts):
                if len(parts) >= 2 and not _same_given(ep[0], parts[0]):
                    continue  # "Edward Kennedy" after "Ted Kennedy": two people of one family name
                return ent.name
            if len(parts) == 1 and parts[0] in ep and best is None:
                best = ent.name
        if best is None and fuzzy and len(parts) == 1 and len(name) >= 5:
            # a misspelt surname ("Bauchtman" for "Buchtmann"): close enough, and only one such
            close = [e.name for e in self.entities.values() if e.type == "person" and _similar(e.name.split()[-1], name)]
            if len(close) == 1:
                best = close[0]
        return best or name

    def org_name(self, name: str) -> str:
        """Return the full name an acronym stands for in this article, if the article gives it."""
        lex = lexicons()
        if name in lex.orgs:
            return lex.orgs[name][0]
        return self.acronyms.get(name, name)

    def add(self, name: str, type_: str, role: str | None = None, fuzzy: bool = False,
            gender: str | None = None, titled: bool = False) -> Entity:
        """Register a speaker (or fold it into the entity it names); return the entity.
        ``titled``: ``role`` is a title read before a name in the narration (see ``Entity``)."""
        key = self.canonical(name, type_, fuzzy, gender)
        ent = self.entities.get(key)
        if ent is None:
            ent = self.entities[key] = Entity(key, type_, role, titled=bool(role) and titled)
            first = key.split()[0]
            hint = lexicons().given.get(first) if type_ == "person" and " " in key else None
            if hint:
                ent.votes[hint] += 2  # a given name is a hint; pronouns after the name can outvote it
        elif role and (not ent.role or (ent.titled and not titled)):
            ent.role, ent.titled = role, titled
        return ent

    def resolve_pronoun(self, pronoun: str, pos: int, floor: int, last_speaker: str | None = None,
                        near: int | None = None) -> str | None:
        """Return the person a he/she at ``pos`` refers to, looking back to ``floor``, in this
        order: a person of the pronoun's gender named since ``near`` (the start of the previous
        sentence); the last speaker (``last_speaker``, the subject of the previous attribution)
        if of that gender; the most recent person of that gender who spoke or opened a
        sentence; then, with no gender evidence, the last speaker, else the most recent person.
        ``None`` when there is none (they/we/I/who: always ``None``).
        """
        want = PRONOUNS.get(pronoun.lower())
        if want not in ("m", "f"):
            return None
        last = self.entities.get(last_speaker) if last_speaker else None
        if last is not None and last.type != "person":
            last = None
        hi = bisect.bisect_left(self.subjects, (pos, ""))
        same, unknown, recent = None, None, None
        for start, name in reversed(self.subjects[max(0, hi - 200):hi]):
            if start < floor:
                break
            ent = self.entities.get(name)
            if ent is None or ent.type != "person":
                continue
            if ent.gender == want:
                if near is not None and start >= near:
                    return name
                same = same or name
            elif ent.gender is None:
                unknown = unknown or name
                if near is not None and start >= near and recent is None:
                    recent = name
        if last is not None and last.gender == want:
            return last.name
        if same is not None:
            return same
        if recent is not None:
            return recent  # an unknown-gender person just named
        if last is not None and last.gender is None and unknown is not None:
            return last.name
        return unknown


def _same_given(a: str, b: str) -> bool:
    """True when two given names (or initials) may name one person: "Joe"/"Joseph", "J."/"John"."""
    a, b = a.rstrip("."), b.rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[:1] == b[:1]
    return a[:3] == b[:3]


def _similar(a: str, b: str) -> bool:
    """True for two spellings of one surname (same initial, 80% alike)."""
    return a[:1] == b[:1] and abs(len(a) - len(b)) <= 2 and SequenceMatcher(None, a, b).ratio() >= 0.8


def build_roster(masked: str, sentences: list[tuple[int, int]],
                 sentence_tokens: list[list[tuple[str, int, int]]] | None = None,
                 speech_verbs: frozenset[str] | set[str] = frozenset()) -> Roster:
    """Collect the people named in ``masked`` (text with quotes blanked) into a ``Roster``.

    A person is a run of two or three capitalized words that are not title, organization or
    stop words (a single word after a title also counts: "Ambassador Mohib", and one opening
    its sentence before a word of ``speech_verbs``: "Netanyahu vowed to ..."). Each mention
    votes for a gender with the first he/his/she/her that follows it in the same or the next
    sentence, and titles (Mr., Mrs., ...) vote too. A title or role written right before a
    name ("Mayor Linda Okafor", "Police Chief Andre Fulton", "Library director Anne
    Whitfield") is the person's role, read as ``describe`` reads it (see ``_role_before``).
    """
    lex = lexicons()
    roster = Roster()
    found: list[tuple[int, int, str, str | None, str | None]] = []  # start, end, name, title, role
    for k, (a, b) in enumerate(sentences):
        toks = sentence_tokens[k] if sentence_tokens else tokens(masked[a:b], a)
        i = 0
        while i < len(toks):
            t = toks[i][0]
            if _name_token(t, lex):
                j = i
                while j < len(toks) and _name_token(toks[j][0], lex):
                    j += 1
                run = toks[i:j]
                if i == 0 and len(run) >= 3 and run[0][0].endswith("ing"):
                    run = run[1:]  # "Sentencing Karen Whitlow, 52, ...": the gerund opening the sentence is no name
                title = toks[i - 1][0] if i > 0 and toks[i - 1][0] in lex.title_tokens else None
                if title and i > 1 and toks[i - 2][0].lower() in ("a", "an"):
                    title = None  # "at a King Soopers": a shop, not a king
                if len(run) > 3 or (len(run) == 3 and i > 0 and toks[i - 1][0] in GLUE):
                    run = run[-2:]
                if j < len(toks) and (toks[j][0] == "of" or toks[j][0] in lex.title_tokens or toks[j][0].lower() in lex.roles
                                      or (j + 1 < len(toks) and toks[j][0].islower() and toks[j][0] not in speech_verbs
                                          and not toks[j][0].endswith(("ed", "s")) and toks[j + 1][0] in lex.roles)):
                    i = j  # "Budweiser Man of the Match", "Shadow Home Secretary", "Environment Canada spokeswoman"
                    continue
                if len(run) >= 2 or title or (i > 0 and toks[i - 1][0] in lex.title_tokens):
                    name = " ".join(x[0] for x in run)
                    if name not in lex.orgs and name not in lex.places and not (j < len(toks) and toks[j][0] in lex.org_words):
                        found.append((run[0][1], run[-1][2], name, title, _role_before(toks, j - len(run), name, lex)))
                elif len(run) == 1:
                    # a lone word opening its sentence before a speech verb ("Netanyahu vowed to ...") is a person
                    subj = i == 0 and j < len(toks) and toks[j][0] in speech_verbs and run[0][0] not in lex.orgs
                    found.append((run[0][1], run[0][2], run[0][0], _SUBJECT if subj else None,
                                  _role_before(toks, j - 1, run[0][0], lex)))
                i = j
            else:
                i += 1
    # Full names first so that surnames fold into them.
    for s, e, name, title, role in found:
        if len(name.split()) >= 2:
            roster.add(name, "person", role, titled=True)
    for s, e, name, title, role in found:
        if len(name.split()) == 1:
            want = "m" if title in MALE_TITLES else "f" if title in FEMALE_TITLES else None
            # (entities carry only given-name hints here, so "Mrs Reid" folds into Claire Reid, not Joshua Reid)
            key = roster.canonical(name, fuzzy=bool(title) and title != _SUBJECT, gender=want)
            if key == name and (not title or name in lex.places):
                continue  # a lone capitalized word is not known to be a person
            roster.add(key, "person", role, titled=True)
            name = key
        ent = roster.entities[roster.canonical(name)]
        roster.mentions.append((s, ent.name))
        if title in MALE_TITLES:
            ent.votes["m"] += 2
        elif title in FEMALE_TITLES:
            ent.votes["f"] += 2
    roster.mentions.sort()
    seen: set[int] = set()
    starts = [a for a, _ in sentences]
    for start, name in roster.mentions:
        k = bisect.bisect_right(starts, start) - 1
        k = k if k >= 0 and start < sentences[k][1] else None
        if k is not None and k not in seen:
            seen.add(k)
            roster.subjects.append((start, name))  # the first person a sentence names
    _gender_votes(masked, roster, sentences)
    for m in _ACRONYM.finditer(masked):
        full = m.group(1).strip()
        full = re.sub(r"^(The|the)\s+", "", full)
        roster.acronyms.setdefault(m.group(2), full)
    return roster


_SUBJECT = "<subject of a speech verb>"
_ROLE_OPENERS = {"the", "a", "an", "his", "her", "its", "their", "our", "'s", "’s"}


def _role_before(toks: list[tuple[str, int, int]], k: int, name: str, lex: Lexicons) -> str | None:
    """The role written right before the name starting at ``toks[k]``, as ``describe`` reads the
    phrase, else ``None``. The phrase is a chain of titles from ``person_titles.txt`` ("Mayor",
    "Council Member", "Secretary of State") or a singular role noun ("director", "fisherman"),
    with the words modifying it: capitalized ones ("Police Chief", "Health Minister"; a sentence's
    first word only if a lexicon lists it or it is an acronym) and lower-case role or body words
    ("police chief"), or one lower-case word after a determiner or possessive ("the city's budget
    director"); capitalized words that may be the end of a longer name ("... of Immigrants
    campaigner") are left out.
    An honorific alone (Mr., Dr.) is no role.
    """
    words = [t for t, _, _ in toks[:k]]
    p = k
    while True:  # titles, longest first, chained ("Deputy Secretary of State")
        t = next((t for t in lex.titles if len(t) <= p and words[p - len(t)][:1].isupper()
                  and [w.lower() for w in words[p - len(t):p]] == [x.lower() for x in t]), None)
        if t is None:
            break
        p -= len(t)
    if p == k:
        low = words[p - 1].lower() if p else ""
        if not (low in lex.roles and not low.endswith("s") and words[p - 1].isalpha()):
            return None
        p -= 1  # a role noun: "Library director Anne Whitfield"
    head = p
    while p > 0 and head - p < 3:
        w = words[p - 1]
        known = w in lex.org_words or w.lower() in lex.roles or w in lex.title_tokens or w in lex.places
        if is_capitalized(w) and w not in lex.stop and w not in DETERMINERS and (p > 1 or known or (w.isupper() and len(w) > 1)):
            p -= 1
        elif w.isalpha() and w.islower() and w not in GLUE and (
                known or (p > 1 and words[p - 2].lower() in _ROLE_OPENERS and head - p == 0)):
            p -= 1
        else:
            break
    if p < head and (head - p == 3 or (p > 1 and words[p - 1] in GLUE and is_capitalized(words[p - 2]))) \
            and is_capitalized(words[p]):
        p = head  # the end of a longer name ("Joint Council for the Welfare of Immigrants campaigner"): the role noun alone
    sp = describe(_join(words[p:k] + name.split()))
    return sp.role if sp.type == "person" and sp.name == name else None
_ACRONYM = re.compile(r"((?:[A-Z][\w'’.-]*\s+(?:(?:of|for|and|on|the)\s+)*){1,7})\(([A-Z]{2,})\)")


def _name_token(t: str, lex: Lexicons) -> bool:
    return (
        is_capitalized(t) and t not in lex.stop and t not in lex.title_tokens
        and t not in lex.org_words and t.lower() not in PRONOUNS and len(t) > 1 and not t.isupper()
        and t.lower() not in lex.roles
    ) or (len(t) == 2 and bool(_INITIAL.fullmatch(t)))


_GENDERED = re.compile(r"\b(he|his|him|himself|she|her|hers|herself)\b", re.IGNORECASE)


def _gender_votes(masked: str, roster: Roster, sentences: list[tuple[int, int]]) -> None:
    ends = [b for _, b in sentences]
    for k, (start, name) in enumerate(roster.mentions):
        nxt = roster.mentions[k + 1][0] if k + 1 < len(roster.mentions) else len(masked)
        # up to the end of the next sentence
        idx = min(bisect.bisect_right(ends, start), len(ends) - 1)
        limit = ends[min(idx + 1, len(ends) - 1)] if ends else len(masked)
        m = _GENDERED.search(masked, start, min(nxt, limit))
        if m:
            roster.entities[name].votes["m" if m.group(1).lower() in MALE else "f"] += 1
