"""Which line of a NumPy program computes which part of a training step.

The code view shows either the article's corrected XOR program or the NumPy
script export of the experiment; both compute one step as forward layer by
layer, the loss, δ layer by layer from the output back with ∂L/∂W and ∂L/∂b,
and the update.  A ``CodeMap`` records, for one such text, the lines of each
role — ``("net", k)``, ``("h", k)``, ``("x", 0)``, ``("loss", 0)`` (with
``("loss_parts", 0)``, the lines a cross-entropy needs before it),
``("delta", k)``, ``("dW", k)``, ``("db", k)``, ``("W_new", k)``,
``("b_new", k)``, ``("update", 0)`` (the whole update) — with k the node layer
(1 … L) — and answers the questions the step-through asks: the lines of a
stage, the line of a clicked graph element or equation, the stage of a
clicked line.  Line numbers are 0-based.  Qt-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bplab.experiment.step_stages import Stage
from bplab.experiment.walkthrough import Line
from bplab.export.article_program import ArticleProgram

Role = tuple[str, int]
StageKey = tuple[str, int]  # (Stage.kind, Stage.layer)


@dataclass(frozen=True, slots=True)
class CodeMap:
    text: str
    n_layers: int  # L
    roles: dict[Role, tuple[int, ...]]
    article: bool = False  # the text is the article's program
    corrected: tuple[int, ...] = field(default=())  # lines the lab corrected (article only)

    def lines(self, role: str, layer: int = 0) -> tuple[int, ...]:
        return self.roles.get((role, layer), ())

    def first(self, role: str, layer: int = 0) -> int | None:
        found = self.lines(role, layer)
        return found[0] if found else None

    # -- stages ------------------------------------------------------------------------
    def stage_keys(self) -> list[StageKey]:
        """The stages in step order, as ``build_stages`` makes them."""
        L = self.n_layers
        return ([("forward", k) for k in range(1, L + 1)] + [("loss", L)]
                + [("backward", k) for k in range(L, 0, -1)] + [("update", -1)])

    def key_lines(self, kind: str, layer: int) -> tuple[int, ...]:
        """Every line that computes the stage ``(kind, layer)``, in text order."""
        if kind == "forward":
            found = self.lines("net", layer) + self.lines("h", layer)
        elif kind == "loss":
            found = self.lines("loss") + self.lines("loss_parts")
        elif kind == "backward":
            found = (self.lines("delta", layer) + self.lines("dW", layer)
                     + self.lines("db", layer))
        elif kind == "update":
            found = self.lines("update")
        else:
            found = ()
        return tuple(sorted(set(found)))

    def stage_lines(self, stage: Stage) -> tuple[int, ...]:
        return self.key_lines(stage.kind, stage.layer)

    def stage_of_line(self, line: int) -> StageKey | None:
        """The stage a click on ``line`` moves to; the update first, for lines (the
        article's ``W2 += …``) that compute a gradient and apply it at once."""
        keys = self.stage_keys()
        for key in [keys[-1], *keys[:-1]]:
            if line in self.key_lines(*key):
                return key
        return None

    # -- clicks on the graph and on the equations --------------------------------------
    def element_line(self, stage: Stage, kind: str, layer: int, index: int) -> int | None:
        """The line computing a graph element's number at ``stage``.

        ``kind``, ``layer``, ``index`` are as ``NetworkView.elementClicked``: a
        node (node layer, neuron), a link or a bias (weight layer, …).
        """
        if kind == "node":
            if stage.kind == "forward":
                return self.first("net", max(1, layer))
            if stage.kind == "loss":
                return self.first("loss")
            if stage.kind == "backward":
                return self.first("delta", layer)
            return self.first("update")
        if kind not in ("link", "bias"):
            return None
        into = layer + 1  # the node layer the link or bias feeds
        weight = kind == "link"
        if stage.kind == "forward":
            return self.first("net", into)
        if stage.kind == "backward":
            return self.first("dW" if weight else "db", into)
        if stage.kind == "update":
            found = self.first("W_new" if weight else "b_new", into)
            return found if found is not None else self.first("update")
        return None

    def equation_line(self, line: Line) -> int | None:
        """The code line computing an equation of the walkthrough."""
        k = line.layer
        if line.kind == "forward":
            if k == 0:
                return self.first("x")
            return self.first("net" if line.symbol.startswith("net") else "h", k)
        if line.kind == "loss":
            return self.first("loss")
        if line.kind == "backward":
            return self.first("delta", k)
        if line.kind == "gradient":
            return self.first("db" if line.param == "b" else "dW", k)
        if line.kind == "update":
            found = self.first("b_new" if line.param == "b" else "W_new", k)
            return found if found is not None else self.first("update")
        return None

    def equation_stage(self, line: Line) -> StageKey | None:
        """The stage an equation belongs to (an input's line to the first forward one)."""
        if line.kind == "forward":
            return ("forward", max(1, line.layer))
        if line.kind == "loss":
            return ("loss", self.n_layers)
        if line.kind in ("backward", "gradient"):
            return ("backward", line.layer)
        if line.kind == "update":
            return ("update", -1)
        return None


def stage_index(stages: list[Stage], key: StageKey | None) -> int | None:
    """Where the stage ``key`` is in ``stages``."""
    if key is None:
        return None
    for k, stage in enumerate(stages):
        if (stage.kind, stage.layer) == key:
            return k
    return None


# -- the article's program ---------------------------------------------------------------
_ARTICLE_ROLES: tuple[tuple[Role, str], ...] = (
    (("x", 0), r"^X = np\.array\("),
    (("net", 1), r"^\s+layer1 = "), (("h", 1), r"^\s+layer1 = "),
    (("net", 2), r"^\s+layer2 = "), (("h", 2), r"^\s+layer2 = "),
    (("loss", 0), r"^\s+error = y - layer2"),
    (("delta", 2), r"^\s+delta2 = "), (("delta", 1), r"^\s+delta1 = "),
    # the article folds ∂L/∂W into its update: W2 += η · layer1ᵀ·delta2
    (("dW", 2), r"^\s+W2 \+= "), (("db", 2), r"^\s+b2 \+= "),
    (("dW", 1), r"^\s+W1 \+= "), (("db", 1), r"^\s+b1 \+= "),
    (("W_new", 2), r"^\s+W2 \+= "), (("b_new", 2), r"^\s+b2 \+= "),
    (("W_new", 1), r"^\s+W1 \+= "), (("b_new", 1), r"^\s+b1 \+= "),
    (("update", 0), r"^\s+[Wb][12] \+= "),
)


def article_map(program: ArticleProgram) -> CodeMap:
    text = program.corrected
    return CodeMap(text, 2, _find(text, _ARTICLE_ROLES), article=True,
                   corrected=program.changed)


# -- the NumPy script export ---------------------------------------------------------------
def generated_map(text: str, n_layers: int) -> CodeMap:
    """The roles in ``bplab.export.numpy_script``'s text for a net of ``n_layers``."""
    patterns: list[tuple[Role, str]] = [
        (("x", 0), r"^\s+x, y = X_train"),
        (("loss", 0), r"^\s+per_point = "),
        (("loss_parts", 0), r"^\s+(top|log_sum_exp) = "),
        (("update", 0), _UPDATE_LINE),
    ]
    for k in range(1, n_layers + 1):
        patterns += [
            (("net", k), rf"^\s+net{k} = \S+ @ W{k} \+ b{k}$"),
            (("h", k), rf"^\s+h{k} = \w+\(net{k}\)$"),
            (("delta", k), rf"^\s+delta{k} = "),
            (("dW", k), rf"^\s+dW{k} (=|\+=) "),
            (("db", k), rf"^\s+db{k} = "),
            (("W_new", k), rf"^\s+W{k} -= "),
            (("b_new", k), rf"^\s+b{k} -= "),
        ]
    return CodeMap(text, n_layers, _find(text, tuple(patterns), _loop_start(text)))


# The update block's lines: plain descent per parameter, or the optimizer's loop.
_UPDATE_LINE = (r"^\s+([Wb]\d+ -= |grads = |t \+= 1|c[12] = |for p, g|"
                r"\s{4}(v|s|m|p) (\*=|\+=|-=) )")


def _loop_start(text: str) -> int:
    """Lines before the training loop hold no step of it (only the loss function's)."""
    for k, line in enumerate(text.split("\n")):
        if line.startswith("while "):
            return k
    return 0


def _find(text: str, patterns: tuple[tuple[Role, str], ...], loop: int = 0
          ) -> dict[Role, tuple[int, ...]]:
    lines = text.split("\n")
    roles: dict[Role, list[int]] = {}
    for role, pattern in patterns:
        rx = re.compile(pattern)
        # the loss lives in its function; x, y, δ, ∂L/∂W and updates in the loop
        start = 0 if role[0] in ("net", "h", "loss", "loss_parts") else loop
        roles[role] = [k for k in range(start, len(lines)) if rx.search(lines[k])]
    return {role: tuple(found) for role, found in roles.items() if found}
