"""Quote attribution: who is quoted, saying what, in which role.

``extract(article_or_text)`` returns ``Quote`` records: direct quotes (inside quotation
marks), indirect quotes (reported speech) and mixed ones (reported speech containing
quoted words), each with its speaker, the speaker's role and type, the cue and, when a
news outlet relayed it, ``via``. Offsets index the article text: ``text[q.start:q.end] ==
q.quote`` always. Rules only, read from the lexicons in ``lexicons/`` (see ``cues`` and
``speakers``); nothing is downloaded.

The steps, each in its own module: ``quotemarks`` pairs quotation marks (warning about
unbalanced ones), ``cues`` finds reporting verbs and "according to" phrases in the text
with quotes blanked, ``speakers`` parses speaker phrases and merges mentions per article;
this module ties quotes to cues, carries speakers over to continuation quotes, and leaves
scare quotes unattributed.

>>> [(q.kind, q.quote, q.speaker) for q in extract('“We will win,” Mayor Jane Roe said.')]
[('direct', 'We will win,', 'Jane Roe')]
"""

from __future__ import annotations

import bisect
import dataclasses
import re
import sys
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from . import config, records
from .cues import MASK, MONTHS, WEEKDAYS, Cue, find_cues
from .model import Article
from .quotemarks import QuotedSpan, quoted_spans
from .speakers import FEMALE_TITLES, MALE_TITLES, PRONOUNS, Roster, build_roster, describe, is_pronoun, lexicons, tokens

FIELDS = [
    "quote", "start", "end", "kind", "speaker", "speaker_mention", "speaker_role",
    "speaker_type", "cue", "via", "sentence", "paragraph",
]
OPENING_MARKS = "“„«‹\"‘‚'"
MIXED_MAX_QUOTED = 0.5
SPEECH_ONLY = {"say", "claim", "add", "insist", "argue", "state", "deny", "admit", "allege", "tell", "assert", "contend"}  # a reported clause more than half quoted is read as its direct quotes
# a second cue of the same subject after "and" ends the first one's clause: a speech verb after
# any cue ("They claimed ... and claim ..."), and any of COORDINATED after a cue whose content is an
# object or an infinitive ("urged X to ... and called for ...", "accused X of ... and demanded ...");
# after a that-clause ("said Biden had spoken ... and urged him to") the second verb may be the
# clause's own, so it stays inside
COORDINATED = {"call", "demand", "urge", "accuse", "vow", "pledge", "promise", "warn", "announce", "ask", "blame"}
OBJECT_CUES = {"call", "demand", "urge", "accuse", "vow", "pledge", "promise", "ask", "blame", "encourage", "implore", "advise"}
_CONTRAST = re.compile(r",\s+(?:while|whereas|but)\s+(?:[\w'’-]+\s+){0,4}$")


@dataclass(slots=True)
class Quote:
    """One quote of an article. ``text[start:end] == quote``.

    ``kind``: direct (inside quotation marks), indirect (reported speech), mixed
    (reported speech containing quoted words) or scare (a quoted label, see ``is_label``). ``speaker`` is the canonical name
    (``None`` when the article gives none), ``speaker_mention`` the words naming the
    speaker at this quote ("he", "Blinken"), ``speaker_type`` person, organization or
    unknown, ``cue`` the attribution words ("said", "according to", ":"), ``via`` the
    outlet that relayed the quote. ``sentence`` and ``paragraph`` are indexes.
    """

    quote: str
    start: int
    end: int
    kind: str
    speaker: str | None = None
    speaker_mention: str | None = None
    speaker_role: str | None = None
    speaker_type: str = "unknown"
    cue: str | None = None
    via: str | None = None
    sentence: int = 0
    paragraph: int = 0

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-ready record."""
        return asdict(self)


@dataclass(slots=True)
class Attribution:
    """Everything ``analyze`` finds in one article: quotes, speakers and warnings."""

    article_id: str
    quotes: list[Quote]
    speakers: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def extract(article_or_text: Article | str) -> list[Quote]:
    """Return the quotes of an article (or of raw text), in text order.

    >>> qs = extract('The minister said the plan would fail. Later, "it is dead," he added.')
    >>> [(q.kind, q.quote, q.speaker_mention) for q in qs]
    [('indirect', 'the plan would fail', 'The minister'), ('direct', 'it is dead,', 'he')]
    """
    return analyze(article_or_text).quotes


def analyze(article_or_text: Article | str) -> Attribution:
    """Return quotes, the speaker roster (name -> type, role, mentions) and warnings."""
    art = article_or_text if isinstance(article_or_text, Article) else records.article_from_text(article_or_text)
    text = art.text
    paragraphs = art.paragraphs or records.article_from_text(text, art.id).paragraphs
    sents = art.sentences or records.article_from_text(text, art.id).sentences
    spans, warnings = quoted_spans(text, paragraphs)
    pulled = _pull_quotes(text, paragraphs, spans)
    if pulled:
        spans = sorted(spans + [p[0] for p in pulled], key=lambda s: s.start)
    masked = _mask(text, spans)
    sent_spans = [(s.start, s.end) for s in sents]
    sent_tokens = [tokens(masked[a:b], a) for a, b in sent_spans]
    cues = find_cues(masked, sent_spans, sent_tokens)
    blocks = _colon_blocks(text, masked, paragraphs, sents, spans, cues)
    if blocks:
        # quotation marks inside an unmarked block are quotes within the quote
        spans = [s for s in spans if not any(b.start <= s.start < b.end for b in blocks)]
        spans = sorted(spans + blocks, key=lambda s: s.start)
        masked = _mask(text, spans)
    roster = build_roster(masked, sent_spans, sent_tokens, _speech_verbs())
    ctx = _Context(text, masked, paragraphs, sents, roster, warnings, author=_statement_author(text, paragraphs),
                   signed=_signed_blocks(text, paragraphs))
    preset = {spans.index(sp): cue for sp, cue in pulled}
    quotes = _attribute(ctx, spans, cues, preset)
    for q in quotes:
        if is_label(q):
            q.kind = "scare"
    _one_name_per_body(quotes)
    quotes.sort(key=lambda q: (q.start, q.end))
    speakers: dict[str, dict[str, Any]] = {}
    for q in quotes:
        if q.speaker:
            d = speakers.setdefault(q.speaker, {"type": q.speaker_type, "role": None, "mentions": [], "quotes": 0})
            d["quotes"] += 1
            if q.speaker_role and not d["role"]:
                d["role"] = q.speaker_role
            if q.speaker_mention and q.speaker_mention not in d["mentions"]:
                d["mentions"].append(q.speaker_mention)
    return Attribution(art.id, quotes, speakers, warnings)


def _one_name_per_body(quotes: list[Quote]) -> None:
    """One organisation spelt two ways in one article ("World Health Organisation" and "World Health
    Organization") is one speaker: the later spelling takes the first one's name (names 90% alike)."""
    import difflib

    first: list[str] = []
    for q in sorted(quotes, key=lambda q: q.start):
        if q.speaker is None or q.speaker_type != "organization" or q.speaker in first:
            continue
        same = next((n for n in first if difflib.SequenceMatcher(None, n.lower(), q.speaker.lower()).ratio() >= 0.9), None)
        if same is None:
            first.append(q.speaker)
        else:
            for other in quotes:
                if other.speaker == q.speaker:
                    other.speaker = same


_CLAUSE_END = re.compile(r"[.!?,;:…]\W*$")
LABEL_MAX_WORDS = 4


def is_label(q: Quote) -> bool:
    """A quoted label nobody is given as saying (a scare quote: the “mission of peace”, a nickname,
    a title): a direct quote with no speaker and no cue, of at most four words, not ending a clause.
    It is narration, not quoted speech (kind ``scare``)."""
    return (q.kind == "direct" and q.speaker is None and q.cue is None
            and len(q.quote.split()) <= LABEL_MAX_WORDS and not _CLAUSE_END.search(q.quote))


@dataclass(slots=True)
class _Context:
    text: str
    masked: str
    paragraphs: list[tuple[int, int]]
    sentences: list
    roster: Roster
    warnings: list[str]
    _starts: list[int] = field(default_factory=list)
    _pstarts: list[int] = field(default_factory=list)
    cue_starts: list[int] = field(default_factory=list)  # sorted starts of the cues, for nearby look-ups
    done: list[Quote] = field(default_factory=list)  # quotes given a speaker so far, in text order
    author: str | None = None  # the person a first-person statement is by ("Statement by President Joe Biden")
    described: list[tuple[str, str]] = field(default_factory=list)  # (speaker phrase, appositive) of every cue
    signed: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, author) of signed statement blocks

    def author_at(self, pos: int) -> str | None:
        """Who "I" is at ``pos``: the signer of the statement block around it, else the headline's author."""
        for a, b, name in self.signed:
            if a <= pos < b:
                return name
        return self.author

    def sentence_of(self, pos: int) -> int:
        if not self._starts:
            self._starts = [s.start for s in self.sentences]
        return max(0, bisect.bisect_right(self._starts, pos) - 1)

    def paragraph_of(self, pos: int) -> int:
        if not self._pstarts:
            self._pstarts = [a for a, _ in self.paragraphs]
        return max(0, bisect.bisect_right(self._pstarts, pos) - 1)


# US party-and-state tags after a lawmaker's name, AP style: "(R-Tenn.)", "(D-N.Y.)", "(Mass.)",
# "(I-Vt.)", "(R-TX)", ", D-Calif.,", ", R-Ala.,". They sit between a name and its verb or
# appositive ("Sen. Jeff Sessions (R-Ala.), a leading opponent, said"), so the cue rules read
# them as blanks.
_STATES = (r"Ala|Alaska|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Hawaii|Idaho|Ill|Ind|Iowa|Kan|Kans|Ky|La|Maine|Md|"
           r"Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nebr|Nev|N\.H|N\.J|N\.M|N\.Y|N\.C|N\.D|Ohio|Okla|Ore|Pa|R\.I|"
           r"S\.C|S\.D|Tenn|Texas|Tex|Utah|Vt|Va|Wash|W\.Va|Wis|Wyo|D\.C|P\.R|[A-Z]{2}")
_AFFILIATION = re.compile(
    r"(?<=[A-Za-z.])\s*\((?:[RDI]|Rep|Dem|Ind)(?:-|\s*[-–,]\s*)(?:" + _STATES + r")\.?(?:[-–,]\s*\d+(?:st|nd|rd|th)?)?\)"
    r"|(?<=[a-z])\s*\((?:" + _STATES + r")\.?\)"
    r"|(?<=[A-Za-z.])\s*\([RDI]-[A-Z][A-Za-z.]+(?:\s[A-Z][A-Za-z.]+)?\)"  # "(D-Fairfax)": a district
    r"|(?<=[A-Za-z.]),\s+(?:[RDI])-(?:" + _STATES + r"|[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\.?(?=,)")


_DATELINE = re.compile(r"^[A-Z][A-Z.'’-]{2,}(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,3}\s*(?:\([A-Za-z .]{2,20}\)\s*)?[—–-]{1,2}[ \t]+",
                       re.MULTILINE)


_AFTER_TAG = re.compile(r",\s+([a-z]+)\b")
_APPOSITIVE_OPENERS = {"the", "a", "an", "who", "whose", "which", "one", "chairman", "chairwoman", "chair", "leader"}


def _mask(text: str, spans: list[QuotedSpan]) -> str:
    chars = list(text)
    for s in spans:
        for i in range(s.start, s.end):
            if chars[i] != "\n":
                chars[i] = MASK
    for m in _DATELINE.finditer(text):
        for i in range(m.start(), m.end()):
            chars[i] = " "  # "WASHINGTON (AP) — " is where, not who
    for m in _AFFILIATION.finditer(text):
        if chars[m.start()] != MASK:
            end = m.end()
            after = _AFTER_TAG.match(text, end)
            if text.startswith(",", end) and after and after.group(1) not in _APPOSITIVE_OPENERS:
                end += 1  # "Del. Wes Tarrant, R-Bedford, said": the closing comma goes too
            for i in range(m.start(), end):
                if chars[i] != "\n":
                    chars[i] = " "
    return "".join(chars)


@dataclass(slots=True)
class _Who:
    speaker: str | None
    mention: str | None
    role: str | None
    type: str
    cue: str | None
    via: str | None


def _who(ctx: _Context, cue: Cue) -> _Who:
    """Resolve the speaker a cue names: canonical name, role and type."""
    mention = cue.subject
    if cue.via:
        cue = dataclasses.replace(cue, via=describe(cue.via).name or cue.via)
    if not mention:
        return _Who(None, None, None, "unknown", cue.cue, cue.via)
    sp = describe(mention, cue.appositive)
    low = mention.lower()
    if low in ("honour", "honor") and cue.subject_start >= 4:
        low = ctx.masked[max(0, cue.subject_start - 4):cue.subject_start].strip().lower() + " " + low
    if low in ("his honour", "her honour", "his honor", "her honor"):
        mention, low = ("he", "he") if low.startswith("his") else ("she", "she")  # a judge, by the court's address
        cue = dataclasses.replace(cue, subject=mention)
    owned = _POSSESSED_DOC.match(mention)
    if owned:
        # "Her letter ... reads", "His statement said": whoever the possessive names
        mention = {"his": "he", "her": "she", "its": "it", "their": "they"}[owned.group(1).lower()]
        cue = dataclasses.replace(cue, subject=mention)
        low = mention
    if is_pronoun(mention):
        floor = ctx.paragraphs[max(0, ctx.paragraph_of(cue.subject_start) - 1)][0]
        if PRONOUNS[low] in ("m", "f"):
            k = ctx.sentence_of(cue.subject_start)
            near = ctx.sentences[max(0, k - 1)].start if ctx.sentences else None
            name = ctx.roster.resolve_pronoun(low, cue.subject_start, floor, _last_person_speaker(ctx, cue.subject_start, floor), near)
            if name is None:
                ctx.warnings.append(f"unresolved pronoun {mention!r} at {cue.subject_start}")
                return _Who(None, mention, None, "person", cue.cue, cue.via)
            ent = ctx.roster.entities[name]
            return _Who(name, mention, ent.role, "person", cue.cue, cue.via)
        if PRONOUNS[low] == "org":
            name = _last_org_speaker(ctx, cue.subject_start, floor)
            if name is None:
                ctx.warnings.append(f"unresolved pronoun {mention!r} at {cue.subject_start}")
            return _Who(name, mention, None, "organization" if name else "unknown", cue.cue, cue.via)
        author = ctx.author_at(cue.subject_start) if low == "i" else None
        if author:
            # "I" in a statement whose headline or sign-off names its author
            ent = ctx.roster.add(author, "person")
            return _Who(ent.name, mention, ent.role, "person", cue.cue, cue.via)
        if low in ("they", "we"):
            # a group the story has just quoted ("Police said ... They added"): only an organization
            name = _group_antecedent(ctx, cue.subject_start, floor)
            if name is not None:
                return _Who(name, mention, None, "organization", cue.cue, cue.via)
        return _Who(None, mention, None, "unknown", cue.cue, cue.via)
    if sp.name is None:
        owner = _document_owner(ctx, mention, cue.subject_start)
        if owner is not None:  # "The statement recalled" after "X said in a statement"
            return _Who(owner.speaker, mention, owner.speaker_role, owner.speaker_type, cue.cue, cue.via)
        ref = _nominal(ctx, mention, cue.subject_start)
        if ref is not None:  # "the senator said" after "Sen. Lindsey Graham"
            return _Who(ref.speaker, mention, ref.role, ref.type, cue.cue, cue.via)
        return _Who(None, mention, sp.role, sp.type, cue.cue, cue.via)
    if sp.type == "organization" and sp.name.islower() and (low.startswith("the ") or sp.name in GENERIC_ORG_HEADS):
        ref = _nominal(ctx, mention, cue.subject_start)
        if ref is not None and ref.type == "organization":  # "the ministry" after "the Foreign Ministry said"
            return _Who(ref.speaker, mention, ref.role, ref.type, cue.cue, cue.via)
        before = ctx.masked[max(0, cue.subject_start - 20):cue.subject_start].split()
        if sp.name in GENERIC_ORG_HEADS and low in (sp.name, "the " + sp.name) \
                and (low.startswith("the ") or not before or before[-1].lower() == "the"):  # (not "Beijing's commerce ministry")
            # "The company said" after "Brightline, which ..., said": the body just quoted; else the
            # name the story gave it ("A Malabar Air flight ... the airline said")
            floor = ctx.paragraphs[max(0, ctx.paragraph_of(cue.subject_start) - 1)][0]
            name = _last_org_speaker(ctx, cue.subject_start, floor) or _last_body_speaker(ctx, cue.subject_start, floor) \
                or _named_body_before(ctx, cue.subject_start, floor, sp.name) or _named_by_head(ctx, cue.subject_start, sp.name)
            if name is not None:
                return _Who(name, mention, None, "organization", cue.cue, cue.via)
    if sp.type == "person" and cue.subject_end >= 0 and _WHICH.match(ctx.masked, cue.subject_end):
        sp = type(sp)(sp.name, sp.role, "organization")  # "Brightline, which is based in ..., said": a body
    if sp.name.isupper() and len(sp.name) > 3 and " " not in sp.name:
        # "WHITAKER:" in a transcript is the Whitaker the article names, if it names one
        full = ctx.roster.canonical(sp.name.title())
        if full != sp.name.title() and full in ctx.roster.entities:
            sp = type(sp)(full, sp.role, "person")
    known = ctx.roster.entities.get(ctx.roster.canonical(sp.name, fuzzy=True))
    if sp.type == "person" and known is not None and known.type == "organization":
        sp = type(sp)(sp.name, sp.role, "organization")
    if sp.type == "person" and " " not in sp.name and (sp.name.isupper() or _camel(sp.name)):
        sp = type(sp)(sp.name, sp.role, "organization")  # an acronym or brand never given in full: "IBM", "YouTube"
    if sp.type != "person":
        person = ctx.roster.entities.get(ctx.roster.canonical(sp.name, sp.type))
        if person is not None and person.type == "person":
            # "Paris claims" after "Valeska Paris has claimed": the person of that family name, not the city
            sp = type(sp)(person.name, sp.role, "person")
    if sp.type == "person":
        first = mention.split()[0] if mention.split() else ""
        gender = "m" if first in MALE_TITLES else "f" if first in FEMALE_TITLES else None
        ent = ctx.roster.add(sp.name, "person", sp.role, fuzzy=True, gender=gender)
        bisect.insort(ctx.roster.mentions, (cue.subject_start, ent.name))
        bisect.insort(ctx.roster.subjects, (cue.subject_start, ent.name))
        return _Who(ent.name, mention, sp.role or ent.role, "person", cue.cue, cue.via)
    name = ctx.roster.org_name(sp.name)
    ctx.roster.add(name, "organization", sp.role)
    return _Who(name, mention, sp.role, "organization", cue.cue, cue.via)


GENERIC_ORG_HEADS = {"company", "firm", "group", "agency", "organization", "organisation", "bank", "union", "campaign",
                     "network", "charity", "corporation", "department", "ministry", "utility", "coalition", "association",
                     "airline", "carrier", "retailer", "chain", "insurer", "lender", "automaker", "manufacturer", "operator",
                     "district", "hospital", "university", "school", "club", "league", "broadcaster", "developer", "publisher"}
_CAP_RUN = re.compile(r"(?<![\w&])(?:[A-Z][\w'’.-]*)(?:\s+(?:&\s+|of\s+)?[A-Z][\w'’.-]*)+")
PUBLIC_HEADS = {"agency", "department", "ministry", "authority", "council", "commission", "office", "district"}
PUBLIC_BODY_WORDS = {"Court", "Ministry", "Department", "Police", "Parliament", "Senate", "Congress", "Council", "Commission",
                     "Agency", "Authority", "Assembly", "Government", "House", "Office", "Committee", "Cabinet", "Army"}
_WHICH = re.compile(r"\s*,\s*which\b")


def _last_body_speaker(ctx: _Context, pos: int, floor: int) -> str | None:
    """The last speaker before ``pos`` whose name reads as a body rather than a person: no given name,
    no he/she ("One of the companies, RentWise Analytics, said ... the company said")."""
    given = lexicons().given
    for q in reversed(ctx.done):
        if q.start < floor:
            break
        if q.start < pos and q.speaker and q.speaker_type == "person":
            ent = ctx.roster.entities.get(q.speaker)
            if q.speaker.split()[0] not in given and (ent is None or ent.gender is None) \
                    and not (q.speaker_mention or "").lower().split()[0] in ("he", "she"):
                return q.speaker
            return None  # (the last speaker is a person: "the company" is not them)
    return None


def _named_body_before(ctx: _Context, pos: int, floor: int, head: str) -> str | None:
    """The nearest name of two or more capitalized words opening a sentence before ``pos`` (back to
    ``floor``) that is not a person, place, day or title the article knows: what "the airline" refers
    to ("A Malabar Air flight ... the airline said"); a public body only for "the agency", "the ministry" ..."""
    lex = lexicons()
    best = None
    starts = {s.start for s in ctx.sentences}
    for m in _CAP_RUN.finditer(ctx.masked, floor, pos):
        art = re.search(r"\b(The|A|An)\s+$", ctx.masked[max(0, m.start() - 5):m.start()])
        opening = m.start() in starts or (art is not None and m.start() - len(art.group(0)) in starts)
        if not opening:
            continue  # (only a sentence's subject: "WestJet says", "A Malabar Air flight")
        name = m.group(0).rstrip(".")
        words = name.split()
        if words[0] in ("The", "A", "An", "In", "On", "At", "But", "And", "According"):
            words = words[1:]
            name = " ".join(words)
        if len(words) < 2 or any(w in WEEKDAYS | MONTHS for w in words) or any(w in lex.title_tokens for w in words):
            continue
        ent = ctx.roster.entities.get(ctx.roster.canonical(name))
        if name in lex.places or name in lex.orgs or words[0] in lex.given or (ent is not None and ent.gender) \
                or (head not in PUBLIC_HEADS and any(w in PUBLIC_BODY_WORDS for w in words)):
            continue  # (a court or ministry is not "the company")
        best = name
    return best


# what a body that "the hospital", "the university" ... refers back to is called: its name ends in one of these
HEAD_NAMES = {"hospital": ("Hospital", "Medical Center", "Medical Centre", "Infirmary", "Clinic"),
              "university": ("University", "College"), "school": ("School", "Academy", "Elementary"),
              "union": ("Union",), "bank": ("Bank",), "airline": ("Airlines", "Airways", "Air"),
              "charity": ("Foundation", "Trust", "Charity"), "league": ("League",), "club": ("Club",),
              "company": ("Company", "Inc.", "Inc", "Corp.", "Corporation", "Ltd", "Group", "Holdings")}


def _named_by_head(ctx: _Context, pos: int, head: str) -> str | None:
    """The last name before ``pos`` anywhere in the article that ends in a word of what ``head``
    names ("the hospital" -> "St. Brendan's Medical Center" three paragraphs up), when only one
    such body is named: with two, "the hospital" could be either."""
    ends = HEAD_NAMES.get(head)
    if not ends:
        return None
    names = []
    for m in _CAP_RUN.finditer(ctx.masked, 0, pos):
        name = m.group(0).rstrip(".,")
        if name.endswith(ends):
            name = re.sub(r"^(?:The|A|An)\s+", "", name)
            if name not in names:
                names.append(name)
    return names[0] if len(names) == 1 else None


def _camel(name: str) -> bool:
    return any(c.isupper() for c in name[1:]) and "-" not in name and "." not in name


_AGE = re.compile(r"\d+-year-old")


def _nominal(ctx, mention: str, pos: int):
    """The speaker a definite description refers back to: the earlier quote whose speaker's
    role or name has its head noun ("the senator", "the foreign minister", "the ministry"),
    the last person quoted for "the 45-year-old"; or, for a description with no such quote
    before it (a headline's "Australian woman claims ..."), the person a later appositive
    gives that description ("Valeska Paris, an Australian woman and former Scientologist,")."""
    words = mention.lower().split()
    if words and words[0] in ("the", "a", "an"):
        definite = words[0] == "the"
        words = words[1:]
    else:
        definite = False
    if not words or len(words) > 4:
        return None
    head = words[-1]
    abbrev = {"senator": "sen.", "representative": "rep.", "governor": "gov.", "general": "gen.", "judge": "justice"}.get(head)
    age = bool(_AGE.fullmatch(head))
    if definite or len(words) == 1:
        for q in reversed(ctx.done):
            if q.start < pos - 3000:
                break  # only the last few paragraphs
            if q.start >= pos or not q.speaker:
                continue
            if age:
                if q.speaker_type == "person":
                    return _Who(q.speaker, mention, q.speaker_role, "person", None, None)
                continue
            role = (q.speaker_role or "").lower() + " " + (q.speaker_mention or "").lower()
            if head in role.split() or (abbrev and abbrev in role.split()) or head in q.speaker.lower().split():
                return _Who(q.speaker, mention, q.speaker_role, q.speaker_type, None, None)
        if age:
            # no one quoted yet: "the 45-year-old recalled" after "fisherman Rodel Abrenica did not wait"
            hi = bisect.bisect_left(ctx.roster.subjects, (pos, ""))
            for start, name in reversed(ctx.roster.subjects[max(0, hi - 20):hi]):
                if start < pos - 3000:
                    break
                ent = ctx.roster.entities.get(name)
                if ent is not None and ent.type == "person":
                    return _Who(name, mention, ent.role, "person", None, None)
        if head in lexicons().roles and not head.endswith("s"):
            # no quote yet: the person most recently named with that title ("Health Minister Carla
            # Jimenez visited ... The minister said"), from the words around each roster mention
            hi = bisect.bisect_left(ctx.roster.mentions, (pos, ""))
            for start, name in reversed(ctx.roster.mentions[max(0, hi - 50):hi]):
                if start < pos - 3000:
                    break
                near = ctx.masked[max(0, start - 40):start].lower().replace(",", " ").split()[-3:]
                tail = ctx.masked[start:start + 120].split(",")
                app = tail[1].lower().split() if len(tail) > 2 and len(tail[1].split()) <= 8 else []
                if head in near or (abbrev and abbrev in near) or head in app:
                    ent = ctx.roster.entities.get(name)
                    return _Who(name, mention, ent.role if ent else None, "person", None, None)
    if not definite and head in lexicons().roles and not head.endswith("s") and len(words) <= 3:
        # "A federal judge ... blocked the plan, saying ..." and then "U.S. District Judge Harold
        # Brennan wrote": the person the next paragraphs name with that title
        p = ctx.paragraph_of(pos)
        limit = ctx.paragraphs[min(len(ctx.paragraphs) - 1, p + 1)][1]
        lo = bisect.bisect_right(ctx.roster.mentions, (pos, "\uffff"))
        for start, name in ctx.roster.mentions[lo:lo + 20]:
            if start > limit:
                break
            near = ctx.masked[max(0, start - 40):start].lower().replace(",", " ").split()[-3:]
            if head in near or (abbrev and abbrev in near):
                ent = ctx.roster.entities.get(name)
                return _Who(name, mention, ent.role if ent else None, "person", None, None)
    if len(words) >= 2 and not definite or pos < ctx.paragraphs[0][1]:
        for subject, app in ctx.described:
            if app and all(w in app.lower().split() for w in words):
                sp = describe(subject, app)
                if sp.type == "person" and sp.name:
                    return _Who(ctx.roster.canonical(sp.name), mention, sp.role, "person", None, None)
    return None


_POSSESSED_DOC = re.compile(r"^(his|her|its|their)\s+(?:[\w-]+\s+)?(statement|letter|report|post|tweet|email|e-mail|"
                            r"remarks|complaint|lawsuit|filing|ruling|blog|memo)$", re.IGNORECASE)
_DOC_MENTION = re.compile(r"^(?:(?:the|its|his|her|their)\s+)?(?:[\w-]+\s+)?(statement|report|letter|ruling|opinion|filing|complaint|post)$",
                          re.IGNORECASE)


def _document_owner(ctx: _Context, mention: str, pos: int) -> Quote | None:
    """The earlier quote whose speaker issued the document a definite mention names: "The statement
    recalled ..." after "X said in a statement", "the report said" after "Y said in an interim report"."""
    m = _DOC_MENTION.match(mention.strip())
    if m is None:
        return None
    head = m.group(1).lower()
    floor = ctx.paragraphs[max(0, ctx.paragraph_of(pos) - 2)][0]
    intro = re.compile(r"\b(?:in|issued|released|published|filed|posted|wrote)\s+(?:a|an|his|her|its|their|the)\s+"
                       r"(?:[\w-]+\s+){0,2}" + head + r"s?\b", re.IGNORECASE)
    hits = list(intro.finditer(ctx.masked, floor, pos))
    if not hits:
        return None
    k = ctx.sentence_of(hits[-1].start())
    for q in reversed(ctx.done):
        if q.speaker and ctx.sentence_of(q.start) == k and q.start < pos:
            return q
    return None


def _last_person_speaker(ctx: _Context, pos: int, floor: int) -> str | None:
    """The person who spoke last before ``pos`` (the subject of the previous attribution)."""
    for q in reversed(ctx.done):
        if q.start < floor:
            break
        if q.start < pos and q.speaker and q.cue is not None:
            return q.speaker if q.speaker_type == "person" else None
    return None


def _group_antecedent(ctx: _Context, pos: int, floor: int) -> str | None:
    """The organization "they"/"we" at ``pos`` refer to: the last speaker before it, when that
    speaker is an organization (never a person, and nothing when the last speaker is unnamed)."""
    for q in reversed(ctx.done):
        if q.start < floor:
            break
        if q.start < pos and (q.speaker or q.speaker_mention):
            return q.speaker if q.speaker and q.speaker_type == "organization" else None
    return None


def _last_org_speaker(ctx: _Context, pos: int, floor: int) -> str | None:
    for q in reversed(ctx.done):
        if q.start < floor:
            break
        if q.start < pos and q.speaker_type == "organization" and q.speaker:
            return q.speaker
    return None


def _attribute(ctx: _Context, spans: list[QuotedSpan], cues: list[Cue], preset: dict[int, Cue] | None = None) -> list[Quote]:
    """Tie quotes to cues, then give every quote its speaker, in text order (``preset``:
    spans already tied to a cue, such as pull quotes)."""
    cues = _drop_nested(_fill_coordinated(sorted(cues, key=lambda c: c.start)), ctx.masked)
    cue_of: dict[int, Cue] = {}  # id(quote) -> the cue that attributes it
    claimed: dict[int, Cue] = dict(preset or {})  # index of a quoted span -> its cue
    events, subsumed = _read_contents(ctx, spans, cues, claimed, cue_of)
    ctx.cue_starts = [c.start for c in cues]
    ctx.described = [(c.subject, c.appositive) for c in cues if c.subject and c.appositive]
    for i, s in enumerate(spans):
        if i not in claimed and i not in subsumed:
            c = _adjacent_cue(ctx, s, cues)  # `", said X`, `" — X`, `X: "`
            if c is not None:
                claimed[i] = c
    for i, s in enumerate(spans):
        if i in subsumed:
            continue
        q = Quote(ctx.text[s.inner_start:s.inner_end], s.inner_start, s.inner_end, "direct")
        if i in claimed:
            cue_of[id(q)] = claimed[i]
        events.append(q)
    events.sort(key=lambda q: (q.start, q.end))
    return _resolve(ctx, events, cue_of)


_SENT_END = re.compile(r"[.!?…][”’\"']?\s+(?=[A-Z])")
_ROLE_TAIL = re.compile(r"[\w.’'&()\- ]*")


def _pull_quotes(text: str, paragraphs: list[tuple[int, int]], spans: list[QuotedSpan]) -> list[tuple[QuotedSpan, Cue]]:
    """Quotes printed without marks as a pull quote: a paragraph of quoted words ending in the
    speaker's name and, after a comma, a role ("... the American public in mind. Charles
    Bolden, NASA Administrator"). Also an unmarked repeat of such a quote elsewhere in the
    article. Returns each as a span with the cue (``cue="pull quote"``) naming the speaker."""
    starts = [s.start for s in spans]
    out: list[tuple[QuotedSpan, Cue]] = []
    for pa, pb in paragraphs:
        para = text[pa:pb]
        if len(para) < 40 or any(ch in para for ch in "“”\"«»„"):
            continue
        ends = list(_SENT_END.finditer(para))
        if not ends:
            continue
        m = ends[-1]
        body, tail = para[:m.start() + 1], para[m.end():].rstrip()
        if len(body.split()) < 8 or not tail or len(tail.split()) > 12 or tail[-1] in ".!?:;":
            continue
        name, _, role = tail.partition(",")
        name = name.strip()
        if not _pull_name(name) or (role and not _ROLE_TAIL.fullmatch(role)):
            continue
        if not role.strip() and text.count(name) < 2 and text.count(name.split()[-1]) < 2:
            continue  # a bare name must be one the story names elsewhere
        k = bisect.bisect_left(starts, pa)
        if k < len(spans) and spans[k].start < pb:
            continue
        sp = describe(name, role.strip() or None)
        ns = pa + m.end()
        cue = Cue("pull quote", "pull quote", ns, ns + len(name), 0, name, ns, ns + len(name), role.strip() or None,
                  "before", (pa, pa + len(body)), "quote")
        out.append((QuotedSpan(pa, pa + len(body), pa, pa + len(body), body), cue))
        # the same words printed again without marks (the story repeating its pull quote)
        first = body.split(". ")[0].rstrip(".") if len(body.split(". ")[0].split()) >= 8 else body
        pos = text.find(first)
        while 0 <= pos:
            if not (pa <= pos < pb) and not any(s.start <= pos < s.end for s in spans) and sp.name:
                e = pos + len(first) + (1 if text[pos + len(first):pos + len(first) + 1] in ".!?" else 0)
                out.append((QuotedSpan(pos, e, pos, e, text[pos:e]), cue))
            pos = text.find(first, pos + 1)
    return [(s, c) for s, c in out if not any(t.start < s.end and s.start < t.end for t in spans)]


def _pull_name(name: str) -> bool:
    words = name.split()
    if not 2 <= len(words) <= 4 or not all(w[:1].isupper() for w in words):
        return False
    sp = describe(name)
    lex = lexicons()
    return sp.type == "person" and sp.name is not None and len(sp.name.split()) >= 2 \
        and words[-1] not in lex.org_words and name not in lex.places


def _colon_blocks(text: str, masked: str, paragraphs: list[tuple[int, int]], sents: list, spans: list[QuotedSpan],
                  cues: list[Cue]) -> list[QuotedSpan]:
    """Words set as their own paragraph after "X denied these allegations:" with no quotation
    marks: the sentences of the next paragraph up to the first one with a cue of its own."""
    out: list[QuotedSpan] = []
    pstarts = [a for a, _ in paragraphs]
    cue_starts = sorted(c.start for c in cues)
    sent_starts = [s.start for s in sents]
    for c in cues:
        cs, ce = c.content
        if c.side != "after" or cs != ce or not c.subject or not masked[:ce].rstrip().endswith(":"):
            continue
        k = bisect.bisect_right(pstarts, ce)
        if k >= len(paragraphs) or masked[ce:paragraphs[k][0]].strip():
            continue
        pa, pb = paragraphs[k]
        if text[pa] in OPENING_MARKS or text[pa] in "-•*" or len(text[pa:pb].split()) < 5:
            continue
        end = pa
        for s in sents[bisect.bisect_left(sent_starts, pa):bisect.bisect_left(sent_starts, pb)]:
            i = bisect.bisect_left(cue_starts, s.start)
            if i < len(cue_starts) and cue_starts[i] < s.end:
                break
            end = s.end
        if end > pa:
            e = end
            while e > pa and text[e - 1].isspace():
                e -= 1
            out.append(QuotedSpan(pa, e, pa, e, text[pa:e]))
    return out


def _statement_author(text: str, paragraphs: list[tuple[int, int]]) -> str | None:
    """The person a first-person statement is by, from a headline "Statement by President Joe
    Biden on ..." / "Remarks by ..." (``None`` for anything else)."""
    if not paragraphs:
        return None
    m = _AUTHOR_LINE.match(text[paragraphs[0][0]:paragraphs[0][1]])
    if m is None:
        return None
    sp = describe(m.group(1))
    return sp.name if sp.type == "person" and sp.name and len(sp.name.split()) >= 2 else None


_SIGNOFF = re.compile(r"[—–-]+\s*((?:[A-Z][\w.’'-]*\s*){2,5}?)(?:,[^\n]{0,80})?")


def _signed_blocks(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Statements signed off by a line "— Dana Whitfield, Secretary of Education": ``(start, end,
    author)`` from the paragraph after the one introducing it ("... issued the following
    statement:") or at most three paragraphs up, to the sign-off."""
    out = []
    for i, (a, b) in enumerate(paragraphs):
        m = _SIGNOFF.fullmatch(text[a:b].strip())
        if m is None or i == 0:
            continue
        sp = describe(m.group(1).strip())
        if sp.type != "person" or not sp.name or len(sp.name.split()) < 2:
            continue
        j = next((k for k in range(i - 1, max(-1, i - 9), -1) if text[paragraphs[k][0]:paragraphs[k][1]].rstrip().endswith(":")), None)
        start = paragraphs[j + 1][0] if j is not None else paragraphs[max(0, i - 3)][0]
        out.append((start, a, sp.name))
    return out


_AUTHOR_LINE = re.compile(
    r"(?:Joint\s+)?(?:Statement|Remarks|Readout|Message|Letter|Op-[Ee]d)s?\s+(?:by|from|of)\s+"
    r"((?:[A-Z][\w.’'-]*\s*){1,6}?)(?=\s+(?:on|at|to|in|for|about|regarding|after|and)\b|\s*$|:)"
)


def _fill_coordinated(cues: list[Cue]) -> list[Cue]:
    """Give a cue with no subject of its own ("X said ... and told ...") the subject of the
    cue before it in the sentence; drop it when there is none."""
    out: list[Cue] = []
    for c in cues:
        if c.subject is None:
            prev = next((d for d in reversed(out[-8:]) if d.sentence == c.sentence and d.subject), None)
            if prev is None:
                continue
            c = dataclasses.replace(c, subject=prev.subject, subject_start=prev.subject_start,
                                    subject_end=prev.subject_end, appositive=prev.appositive)
        out.append(c)
    return out


def _drop_nested(cues: list[Cue], masked: str) -> list[Cue]:
    """Drop cues inside another cue's reported clause ("X said he believes ..."), except a
    gerund after a comma ("X said ..., adding: ...") or a second speech verb of the same
    subject after "and" ("X claimed ... and claim ..."), which end that clause instead."""
    kept: list[Cue] = []
    for c in cues:
        outer = next((k for k in range(len(kept) - 1, max(-1, len(kept) - 9), -1)
                      if kept[k].sentence == c.sentence and kept[k].side == "after"
                      and kept[k].content[0] <= c.start < kept[k].content[1]), None)
        if outer is not None:
            d = kept[outer]
            cut = masked.rfind(",", d.content[0], c.start)
            gerund = c.cue.endswith("ing") and cut > d.content[0] and masked[cut:c.start].strip(" ,") == ""
            contrast = _CONTRAST.search(masked, max(d.content[0], c.subject_start - 40), max(c.subject_start, 0)) \
                if c.subject and c.subject_start > d.content[0] else None
            if contrast is not None and c.subject != d.subject:
                # "The prosecutor argued that ..., while defence lawyers countered that ...": two speakers
                cut = contrast.start()
            elif not gerund:
                # "They also claimed Paris was a volunteer and claim she has ...": a second speech verb
                cut = c.start - 5
                second = c.lemma in SPEECH_ONLY or (c.lemma in COORDINATED and d.lemma in OBJECT_CUES)
                if masked[c.start - 6:c.start] in (", and ", ", but ") and (c.lemma in SPEECH_ONLY or c.lemma in COORDINATED):
                    # "She said Poland was ..., and accused the EU of hypocrisy": the comma closes the clause
                    cut, second = c.start - 6, True
                if not (second and masked[cut:c.start].strip(" ,") in ("and", "but")
                        and (c.subject == d.subject or c.subject_start == d.subject_start)
                        and c.content[1] - c.content[0] > 3 and cut > d.content[0]):
                    continue
            kept[outer] = dataclasses.replace(d, content=(d.content[0], cut))
        kept.append(c)
    return kept


def _read_contents(ctx: _Context, spans: list[QuotedSpan], cues: list[Cue], claimed: dict[int, Cue],
                   cue_of: dict[int, Cue]) -> tuple[list[Quote], set[int]]:
    """Read what each cue reports: quoted spans it claims (added to ``claimed``), and reported
    speech as indirect or mixed quotes (returned, with the spans a mixed quote swallows)."""
    text, masked = ctx.text, ctx.masked
    events: list[Quote] = []
    subsumed: set[int] = set()
    span_starts = [s.start for s in spans]
    for c in cues:
        for cs, ce in _content_parts(masked, c):
            if c.side == "after" and cs == ce:
                # "X said:" at the end of a paragraph: the next quote is X's
                nxt = bisect.bisect_left(span_starts, ce)
                if nxt < len(spans) and masked[ce:spans[nxt].start].strip() == "" and nxt not in claimed:
                    claimed[nxt] = c
                continue
            lo = max(0, bisect.bisect_left(span_starts, cs) - 1)
            inside = [i for i in range(lo, bisect.bisect_left(span_starts, max(ce, cs + 1))) if spans[i].end > cs]
            if inside:
                ce = max(ce, spans[inside[-1]].end)
            body = masked[cs:ce].strip(" ,\n")
            if inside and (body.startswith(MASK) or body.count(MASK) / max(1, len(body)) > MIXED_MAX_QUOTED):
                for i in inside:
                    claimed.setdefault(i, c)
                lead = _lead_before_quote(ctx, c, cs, spans[inside[0]].start)
                if lead is not None:
                    events.append(lead)
                    cue_of[id(lead)] = c
                continue
            s0, e0 = _trim(text, cs, ce)
            if not body or e0 - s0 < 3:
                continue
            kind = "mixed" if inside else "indirect"
            if not inside and text[s0] in OPENING_MARKS:
                # a quote whose closing mark is missing (warned about): direct, without its mark
                s0, kind = s0 + 1, "direct"
            q = Quote(text[s0:e0], s0, e0, kind, cue=c.cue)
            events.append(q)
            cue_of[id(q)] = c
            subsumed.update(inside)
    return events, subsumed


_AND_THAT = re.compile(r",?\s+(?:and|but)\s+(?:also\s+)?that\s+")


def _content_parts(masked: str, c: Cue) -> list[tuple[int, int]]:
    """A cue's content, cut at "and that" into the clauses it coordinates ("said the lawsuit was
    baseless and that it would defend itself": two reported clauses)."""
    cs, ce = c.content
    parts = []
    for m in _AND_THAT.finditer(masked, cs, ce):
        if m.start() - cs >= 3:
            parts.append((cs, m.start()))
            cs = m.end()
    parts.append((cs, ce))
    return parts


def _lead_before_quote(ctx: _Context, c: Cue, cs: int, quote_start: int) -> Quote | None:
    """In "X said A, "B ..."", the reported words A before the quote, as an indirect quote."""
    s0, e0 = _trim(ctx.text, cs, quote_start)
    lead = ctx.masked[s0:e0].split()
    if c.side == "after" and len(lead) >= 4 and MASK not in ctx.masked[s0:e0] \
            and ctx.masked[:quote_start].rstrip().endswith((",", ":", ".")) \
            and lead[0].lower() not in ("on", "in", "at", "over", "during", "after", "before", "since", "for"):
        return Quote(ctx.text[s0:e0], s0, e0, "indirect", cue=c.cue)
    return None


def _resolve(ctx: _Context, events: list[Quote], cue_of: dict[int, Cue]) -> list[Quote]:
    """Give each quote (in text order) its speaker: from its cue, from a sentence introducing
    it, or from the quote before it (a continuation); a scare quote keeps none."""
    last: Quote | None = None
    last_end_par = -1
    for q in events:
        q.sentence = ctx.sentence_of(q.start)
        q.paragraph = ctx.paragraph_of(q.start)
        c = cue_of.pop(id(q), None)
        if c is not None:
            _fill(q, _who(ctx, c))
        elif q.kind == "direct" and _standalone(ctx, q) and (intro := _introducer(ctx, q)) is not None:
            # "Cornyn issued a statement regarding ... . "Like many Texans, ..."": the named person
            ent = ctx.roster.entities[intro[1]]
            q.speaker, q.speaker_mention, q.speaker_role, q.speaker_type = ent.name, intro[0], ent.role, "person"
        elif q.kind == "direct" and last is not None and last.speaker is not None and _standalone(ctx, q) \
                and (q.paragraph - last_end_par <= 1 or _question_between(ctx, last_end_par, q.paragraph)) \
                and not _someone_else_between(ctx, last, q):
            q.speaker, q.speaker_mention, q.speaker_role = last.speaker, last.speaker_mention, last.speaker_role
            q.speaker_type, q.via = last.speaker_type, last.via
        if q.speaker is not None or q.speaker_mention is not None:
            last = q
            last_end_par = ctx.paragraph_of(q.end)
        # (a scare quote inside narration does not break a speaker's run)
        ctx.done.append(q)
    return events


def _question_between(ctx: _Context, after_par: int, par: int) -> bool:
    """True when the one paragraph between paragraph ``after_par`` and ``par`` is the interviewer's
    question (unquoted narration ending in "?"): in an interview the answer after it is still the
    interviewee's ("... Vance says.  Was it hard to invent a life?  “Terrifying. ...”")."""
    if par - after_par != 2:
        return False
    a, b = ctx.paragraphs[after_par + 1]
    between = ctx.masked[a:b].strip()
    return between.endswith("?") and MASK not in between


def _fill(q: Quote, w: _Who) -> None:
    q.speaker, q.speaker_mention, q.speaker_role = w.speaker, w.mention, w.role
    q.speaker_type, q.cue, q.via = w.type, w.cue, w.via


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and (text[s].isspace() or text[s] in ",:;"):
        s += 1
    if text[s:s + 5].lower() == "that ":
        s += 5
    while e > s and (text[e - 1].isspace() or text[e - 1] in ".,;:"):
        e -= 1
    return s, e


def _adjacent_cue(ctx: _Context, s: QuotedSpan, cues: list[Cue]) -> Cue | None:
    """A cue right after the quote (`", said X` / `," X said` / `" — X`) or right before it (`X said: "`)."""
    masked = ctx.masked
    starts = ctx.cue_starts
    lo = bisect.bisect_left(starts, s.end)
    hi = bisect.bisect_right(starts, s.end + 160)
    for c in cues[lo:hi]:
        first = min(c.start, c.subject_start) if c.subject_start >= 0 else c.start
        between = masked[s.end:first]
        words = between.strip(" ,.;:!?—–-").split()
        if c.cue.endswith("ing") and c.subject_start > s.end:
            continue  # `"...", the government recommending "..."`: the gerund reports what follows
        if first >= s.end and "\n" not in between and MASK not in between and len(words) <= 2 \
                and all(w.isalpha() and w.islower() for w in words) and between[:1] in ",.!?—–- ":
            return c  # `"...," X said` / `"...," said X` / `"...," X said, "..."`
    # "X: “...”" and "“...” — X"
    head = masked[max(0, s.start - 60):s.start]
    if head.rstrip().endswith(":"):
        k = ctx.sentence_of(s.start)
        a = ctx.sentences[k].start
        lead = masked[a:s.start].rstrip()[:-1].strip()
        sp = describe(lead) if lead and len(lead.split()) <= 5 else None
        if sp is not None and sp.name and sp.type in ("person", "organization"):
            return Cue(":", ":", s.start - 1, s.start, k, lead, a, a + len(lead), None, "after", (s.start, s.end), "quote")
    tail = masked[s.end:s.end + 60]
    stripped = tail.lstrip(" ,")
    if stripped[:1] in ("—", "–") or (stripped[:2] == "- " and tail[:1] == " "):  # (a spaced hyphen as a dash)
        name = stripped[1:].split(",")[0].split(".")[0].split("\n")[0].strip()
        sp = describe(name) if name and len(name.split()) <= 4 else None
        if sp is not None and sp.type == "person" and sp.name and len(sp.name.split()) >= 2:
            ns = s.end + tail.index(name)
            return Cue(stripped[0], "dash", ns - 1, ns, ctx.sentence_of(ns), name, ns, ns + len(name), None, "before", (s.start, s.end), "quote")
    return None


def _previous_narration(ctx: _Context, q: Quote):
    """The sentence before ``q`` if it is plain narration (no quotation) at most a paragraph back."""
    k = ctx.sentence_of(q.start)
    if k == 0:
        return None
    prev = ctx.sentences[k - 1]
    if q.paragraph - prev.paragraph > 1 or MASK in ctx.masked[prev.start:prev.end]:
        return None
    return prev


def _first_person(ctx: _Context, a: int, b: int) -> tuple[int, str] | None:
    ms = ctx.roster.mentions
    for k in range(bisect.bisect_left(ms, (a, "")), len(ms)):
        s, n = ms[k]
        if s >= b:
            break
        if ctx.roster.entities[n].type == "person":
            return s, n
    return None


def _introducer(ctx: _Context, q: Quote) -> tuple[str, str] | None:
    """``(mention, name)`` of the person a cue-less sentence before a standalone quote names,
    when that sentence speaks of a statement, interview, remarks ... (``speech_nouns.txt``)."""
    prev = _previous_narration(ctx, q)
    if prev is None:
        return None
    words = " " + " ".join(ctx.masked[prev.start:prev.end].lower().replace(",", " ").replace(".", " ").split()) + " "
    if not any(f" {n} " in words for n in speech_nouns()):
        return None
    hit = _first_person(ctx, prev.start, prev.end)
    if hit is None:
        return None
    name = hit[1]
    if ctx.text.startswith(name, hit[0]):
        return name, name
    end = ctx.masked.find(" ", hit[0])
    return ctx.text[hit[0]:end if end > 0 else len(ctx.text)].strip(".,;:"), name


def _someone_else_between(ctx: _Context, last: Quote, q: Quote) -> bool:
    """True when plain narration right before ``q`` is about another person than ``last``'s speaker."""
    prev = _previous_narration(ctx, q)
    if prev is None or prev.end <= last.end:
        return False
    hit = _first_person(ctx, prev.start, prev.end)
    return hit is not None and hit[1] != last.speaker


@lru_cache(maxsize=1)
def _speech_verbs() -> frozenset[str]:
    from .cues import cue_lexicon

    return frozenset(cue_lexicon().verbs)


@lru_cache(maxsize=1)
def speech_nouns() -> tuple[str, ...]:
    """The bundled ``speech_nouns.txt`` entries."""
    from .segment import read_word_list

    return tuple(w.lower() for w in read_word_list(config.lexicon_path("speech_nouns.txt")))


def _standalone(ctx: _Context, q: Quote) -> bool:
    """True when a quote makes up its sentence(s): no more than a few words of narration."""
    k0, k1 = ctx.sentence_of(q.start), ctx.sentence_of(max(q.start, q.end - 1))
    a, b = ctx.sentences[k0].start, ctx.sentences[k1].end
    rest = ctx.masked[a:b].replace(MASK, " ")
    words = [w for w in rest.split() if any(ch.isalnum() for ch in w)]
    return len(words) <= 2


# --- tables and the command line -------------------------------------------------------


def to_frame(article_or_text: Article | str):
    """Return the quotes of one article as a tidy DataFrame (one row per quote)."""
    import pandas as pd

    art = article_or_text if isinstance(article_or_text, Article) else records.article_from_text(article_or_text)
    rows = [{"article_id": art.id, **q.to_dict()} for q in extract(art)]
    return pd.DataFrame(rows, columns=["article_id", *FIELDS])


def cli_main(args) -> int:
    """Run ``newsdesk quotes INPUT [--format jsonl|csv] [--out FILE]``."""
    def record(a: Article) -> dict:
        res = analyze(a)
        return {"id": a.id, "quotes": [q.to_dict() for q in res.quotes], "warnings": res.warnings}

    def rows(a: Article):
        return ({"id": a.id, **q.to_dict()} for q in extract(a))

    return records.run_analysis("quotes", args, record, rows, ["id", *FIELDS])
