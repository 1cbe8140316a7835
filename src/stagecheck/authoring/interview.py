"""`stagecheck interview`: fill a partnership file in by answering its questions one at a time.

Asks for the partnership's name and partners if the file does not have them yet, then every
rubric question still unanswered, in the rubric's order. Choices are numbered; typed values are
checked as they are entered, by the same reader that checks files (`values.read_scalar`),
and a wrong one is asked again. Enter (or "skip") leaves a question for later; "n/a, because
..." marks it not applicable with the reason; evidence is asked for and may be left out
(`authoring.evidence`).

The file is saved as soon as each answer is given, before its evidence is asked for, and each
part of a partner or of the evidence as it is typed (atomically, keeping its comments:
`authoring.yamledit`), so stopping at any prompt loses nothing; the next run asks only what is
still unanswered.
Input and output are passed in (`ask`, `say`), so the conversation is plain functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stagecheck.authoring import template
from stagecheck.authoring.prompts import (
    FIXED_PROBLEMS,
    HELP,
    QUIT,
    SKIP,
    Answer,
    NotApplicable,
    Quit,
    Skip,
    Stopped,
    Value,
    prompt_for,
    read_answer,
)
from stagecheck.authoring.yamledit import Data, set_value
from stagecheck.core import loader, partnership
from stagecheck.core.answers import detailed_form
from stagecheck.core.compiled import LoadedRubric, load_rubric
from stagecheck.core.conditions import compile_condition
from stagecheck.core.errors import InputError
from stagecheck.core.outcome import Outcome
from stagecheck.core.rubric import Option, Question, Rubric
from stagecheck.core.words import text_width
from stagecheck.files import write_atomic
from stagecheck.renderers.visible import visible

Ask = Callable[[str], str]
Say = Callable[[str], None]


@dataclass
class InterviewSummary:
    answered: int = 0
    skipped: list[str] = field(default_factory=list)
    moot: list[str] = field(default_factory=list)  # not asked: an earlier answer settles them


class Interview:
    def __init__(self, path: Path, loaded: LoadedRubric, ask: Ask, say: Say) -> None:
        self.path = path
        self.loaded = loaded
        # one place for all the conversation: names and questions from files, shown safely
        self.ask: Ask = lambda prompt: ask(visible(prompt, layout=True))
        self.say: Say = lambda text: say(visible(text, layout=True))
        self.text = loader.read(path).decode("utf-8-sig")
        self.warned = False
        self.unsaved: str | None = None  # a question whose "n/a" awaits its reason
        r = loaded.rubric
        self.order = [
            *template.TOP_ORDER,
            *(g.id for g in r.groups),
            *(q.id for q in r.questions),
        ]

    # --- the file ---

    def data(self) -> dict[str, Any]:
        return loader.parse(self.text.encode("utf-8"), str(self.path)).data

    def save(self, path: tuple[str, ...], value: Data) -> None:
        edited = set_value(self.text, str(self.path), path, value, self.order)
        write_atomic(self.path, edited.text, force=True)
        self.text = edited.text
        if not edited.comments_kept and not self.warned:
            self.warned = True
            self.say(
                f"(Could not keep the comments in {self.path} while saving; "
                "every answer in it is kept.)"
            )

    # --- asking ---

    def line(self, prompt: str) -> str:
        return self.ask(prompt)

    def required_text(self, prompt: str, what: str) -> str:
        while True:
            text = self.line(prompt).strip()
            if text.lower() in QUIT:
                raise Quit
            if text:
                return text
            self.say(f"  {what} is needed here.")

    def optional_text(self, prompt: str) -> str | None:
        text = self.line(prompt).strip()
        if text.lower() in QUIT:
            raise Quit
        return text if text and text.lower() not in SKIP else None

    def choose(self, title: str, options: tuple[Option, ...]) -> str:
        q = Question(id="choice", group="partnership", text=title, type="choice", options=options)
        self.say(title)
        for i, o in enumerate(options, start=1):
            self.say(f"    {i}. {o.label}")
        while True:
            answer = read_answer(q, self.line("> "))
            if isinstance(answer, Value) and isinstance(answer.value, str):
                return answer.value
            self.say(f"  Type a number from 1 to {len(options)}.")

    # --- the parts of the file ---

    def about(self) -> None:
        about = self.data().get("partnership")
        about = about if isinstance(about, dict) else {}
        name = about.get("name")
        if not isinstance(name, str) or not name.strip() or name == template.PLACEHOLDER_NAME:
            self.say("")
            name = self.required_text("What is the partnership called? ", "A name")
            self.save(("partnership", "name"), name)
        partners = about.get("partners")
        if not _has_partners(partners):
            self.partners()
        elif isinstance(partners, list):
            self.missing_sectors(partners)
        respondent = self.data().get("respondent")
        if isinstance(respondent, dict) and "organisation" not in respondent:
            self.respondent(respondent)

    def respondent(self, given: dict[str, Any]) -> None:
        """A respondent's file (`interview --as`): the partner they answer for, and their role."""
        from stagecheck.authoring.voices import ask_respondent

        ask_respondent(self, given)

    def partners(self) -> None:
        self.say("")
        self.say(
            "Which schools and organisations are in the partnership? Give them one at a time;\n"
            "press Enter on an empty name when you have listed them all."
        )
        sectors = sector_options(self.loaded.rubric)
        listed: list[dict[str, Any]] = []
        while True:
            number = len(listed) + 1
            prompt = f"Partner {number}, its name: "
            name = (
                self.required_text(prompt, "At least one partner")
                if not listed
                else self.optional_text(prompt)
            )
            if name is None:
                return
            partner: dict[str, Any] = {"name": name}
            listed.append(partner)
            self.save(("partnership", "partners"), listed)  # each part saved as it is given
            partner["sector"] = self.choose(f"Which sector is {name} in?", sectors)
            self.save(("partnership", "partners"), listed)
            phase = self.optional_text("Its phase (primary, secondary, ...; Enter to leave out): ")
            if phase:
                partner["phase"] = phase
                self.save(("partnership", "partners"), listed)
            role = self.optional_text(
                "The role of its lead contact, e.g. Head of Science (Enter to leave out): "
            )
            if role:
                partner["lead_role"] = role
                self.save(("partnership", "partners"), listed)

    def missing_sectors(self, partners: list[Any]) -> None:
        """The sector of a partner saved without one (the interview stopped at its sector)."""
        sectors = sector_options(self.loaded.rubric)
        for partner in partners:
            if not isinstance(partner, dict) or partner.get("sector") is not None:
                continue
            if isinstance(name := partner.get("name"), str):
                self.say("")
                partner["sector"] = self.choose(f"Which sector is {name} in?", sectors)
                self.save(("partnership", "partners"), partners)

    def asked(self) -> list[Question]:
        """The questions a person answers (not those read from elsewhere in the file)."""
        return [q for q in self.loaded.rubric.questions if not q.derived]

    def moot(self, q: Question) -> bool:
        """Whether an earlier answer makes the question moot (the rubric's `asked_if`)."""
        if q.asked_if is None:
            return False
        try:
            facts = partnership.validate(
                loader.parse(self.text.encode("utf-8"), str(self.path)), self.loaded.rubric
            ).facts
        except InputError:
            return False  # the file is being filled in: ask rather than guess
        when = compile_condition(q.asked_if.when, self.loaded.questions)
        return when(facts) is Outcome.NOT_MET

    def unanswered(self) -> list[Question]:
        answers = self.data().get("answers")
        answers = answers if isinstance(answers, dict) else {}
        out = []
        for q in self.asked():
            group = answers.get(q.group)
            raw = group.get(q.id) if isinstance(group, dict) else None
            if (
                q.asked_if is not None
                and isinstance(raw, dict)
                and raw.get("not_applicable") == q.asked_if.otherwise
                and not self.moot(q)
            ):
                out.append(q)  # marked moot by an earlier run, and the answer that did so changed
            elif raw is None or (
                isinstance(raw, dict)
                and detailed_form(q, raw)
                and raw.get("answer") is None
                and "not_applicable" not in raw
            ):
                out.append(q)
        return out

    def question(self, number: int, total: int, q: Question) -> Answer:
        self.say("")
        self.say(_wrap(f"[{number}/{total}] {q.text}", "  "))
        if q.hint:
            self.say(_wrap(f"  Hint: {q.hint}", "    "))
        if q.type in ("choice", "choices"):
            for i, o in enumerate(q.options, start=1):
                self.say(f"    {i}. {o.label}")
        self.say(f"  {prompt_for(q)}")
        while True:
            answer = read_answer(q, self.line("> "))
            if isinstance(answer, str):
                self.say(f"  {answer}.")
                continue
            if isinstance(answer, NotApplicable) and not answer.reason:
                self.unsaved = q.text  # said if the interview stops at the reason
                reason = self.reason()
                self.unsaved = None
                if reason is None:
                    self.say("  Left for later, unanswered.")
                    return Skip()
                answer = NotApplicable(reason)
            return answer

    def reason(self) -> str | None:
        """Why a question does not apply (asked until there is one), or None for skip."""
        while True:
            text = self.line("Why does it not apply? (a short reason, or skip) ").strip()
            if text.lower() in QUIT:
                raise Quit
            if text.lower() in SKIP - {""}:
                return None
            if text:
                return text
            self.say(
                "  A reason is needed to mark it not applicable: type one, or skip to leave "
                "the question for later."
            )

    def raw(self, q: Question) -> Any:
        """The question's answer as the file holds it now."""
        answers = self.data().get("answers")
        group = answers.get(q.group) if isinstance(answers, dict) else None
        return group.get(q.id) if isinstance(group, dict) else None

    def record(self, q: Question, answer: NotApplicable | Value) -> None:
        """Save the answer at once, then ask for its evidence (saved piece by piece)."""
        from stagecheck.authoring.evidence import ask_evidence

        place = ("answers", q.group, q.id)
        raw = self.raw(q)
        value: Data
        if isinstance(answer, NotApplicable):
            key, value, other = "not_applicable", answer.reason, "answer"
        else:
            key, value, other = "answer", answer.value, "not_applicable"
        if isinstance(raw, dict) and detailed_form(q, raw):  # keep evidence already there
            if other in raw:  # a moot question's reason, now answered: never both
                rest = {k: v for k, v in raw.items() if k not in (key, other)}
                self.save(place, {key: value, **rest})
            else:
                self.save((*place, key), value)
        else:
            self.save(place, {key: value} if key == "not_applicable" else value)
        ask_evidence(self, q, answer)

    def run(self) -> InterviewSummary:
        summary = InterviewSummary()
        self.about()
        todo = self.unanswered()
        answered = len(self.asked()) - len(todo)
        self.say("")
        if not todo:
            self.say(f"Every question in {self.path} is answered already.")
            self.targets()
            return summary
        earlier = f" ({answered} answered already)" if answered else ""
        self.say(f"{len(todo)} questions to answer{earlier}.")
        self.say(HELP)
        group = None
        for number, q in enumerate(todo, start=1):
            if q.group != group:
                group = q.group
                g = next(g for g in self.loaded.rubric.groups if g.id == group)
                self.say("")
                self.say(f"== {g.title} ==")
                if g.hint:
                    self.say(_wrap(g.hint, ""))
            if q.asked_if is not None and self.moot(q):
                self.say("")
                self.say(_wrap(f"[{number}/{len(todo)}] {q.text}", "  "))
                self.say(_wrap(f"  {q.asked_if.otherwise}", "    "))
                self.save(("answers", q.group, q.id), {"not_applicable": q.asked_if.otherwise})
                summary.moot.append(q.id)
                continue
            answer = self.question(number, len(todo), q)
            if isinstance(answer, Skip):
                summary.skipped.append(q.id)
                continue
            self.record(q, answer)
            summary.answered += 1
        self.targets()
        return summary

    def targets(self) -> None:
        from stagecheck.authoring.targets import offer

        offer(self)


def _wrap(text: str, indent: str) -> str:
    import textwrap

    return textwrap.fill(
        " ".join(text.split()),
        text_width(88),
        subsequent_indent=indent,
        initial_indent=text[: len(text) - len(text.lstrip())],
    )


def sector_options(rubric: Rubric) -> tuple[Option, ...]:
    """The sectors a partner may be in, in the rubric's words where it has them (they say what
    each sector means: "An academy (a state school)")."""
    derived = next((q for q in rubric.questions if q.derived == "partner_sectors"), None)
    labels = {o.value: o.label for o in derived.options} if derived else {}
    return tuple(Option(value=s, label=labels.get(s, s)) for s in partnership.SECTORS)


def _has_partners(partners: Any) -> bool:
    if not isinstance(partners, list) or not partners:
        return False
    only = partners[0]
    placeholder = (
        len(partners) == 1
        and isinstance(only, dict)
        and only.get("name") == template.PLACEHOLDER_PARTNER["name"]
    )
    return not placeholder


def start(path: Path, rubric_ref: str | None, say: Say) -> LoadedRubric:
    """The rubric to ask from, after creating the file if there is none yet and checking that
    the rest of it can be read."""
    from stagecheck.core.assess import declared_rubric

    if not path.exists():
        written = template.init(path, rubric_ref)
        say(f"Started a new partnership file: {', '.join(map(str, written))}.")
    document = loader.load(path)
    loaded = load_rubric(rubric_ref or declared_rubric(document))
    try:
        partnership.validate(document, loaded.rubric)
    except InputError as exc:
        other = [p for p in exc.problems if not p.path.startswith(FIXED_PROBLEMS)]
        if other:
            raise InputError(other) from None
    return loaded


def interview(path: Path, rubric_ref: str | None, ask: Ask, say: Say) -> InterviewSummary:
    """Ask what the file does not answer yet, saving each answer as it is given. Stopping
    early raises `Stopped`."""
    conversation: Interview | None = None
    try:
        conversation = Interview(path, start(path, rubric_ref, say), ask, say)
        return conversation.run()
    except (EOFError, KeyboardInterrupt, Quit) as exc:
        unsaved = conversation.unsaved if conversation else None
        raise Stopped(interrupted=not isinstance(exc, Quit), unsaved=unsaved) from None
