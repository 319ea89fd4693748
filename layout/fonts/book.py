"""The font manifest and the FontBook: faces, roles, fallback chains, advances.

Roles name what text is for (body, headline, caption …); each role has a chain
of faces, and a character is drawn from the first face in the chain that has
it. The FontBook is built once per run and passed to every stage that measures.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from ..diagnostics import InputError, Where, error, Diagnostic, NOTE
from .cache import FaceMetrics, FontCache
from .ink import InkBox
from .outlines import draws_anything
from ..spec import limits
from ..spec.paths import Roots, confined, file_state
from ..spec.yaml_source import PosDict, load_yaml_text, read_utf8

# Roles a manifest may leave out: they then take the chain of the role named.
# commentary: the body of a commentary (评论), set in Kai like a byline.
OPTIONAL_ROLES = {"commentary": "byline"}
ROLES = ("body", "lead", "byline", "subhead", "headline", "kicker", "deck", "author",
         "caption", "credit", "folio", "section", "paper")

DEFAULT_MANIFEST = Path(__file__).resolve().parents[2] / "fonts" / "fonts.yaml"

_FACE_KEYS = {"family", "file", "index", "package", "license", "sha256", "note"}


@dataclass(frozen=True)
class FaceSpec:
    id: str
    file: str
    index: int
    family: str | None = None
    package: str | None = None
    license: str | None = None
    sha256: str | None = None
    where: Where | None = None


@dataclass(frozen=True, eq=False)
class Face:
    id: str
    path: str
    index: int
    metrics: FaceMetrics
    spec: FaceSpec

    def has(self, ch: str) -> bool:
        return self.metrics.advance_of(ord(ch)) is not None

    def advance(self, ch: str) -> float:
        """Advance of `ch` in em, or 1.0 when the face lacks it."""
        value = self.metrics.advance_of(ord(ch))
        return 1.0 if value is None else value

    def has_half(self, ch: str) -> bool:
        """Has `ch` a half-width form (hwid), half an em wide?"""
        return ord(ch) in self.metrics.half_forms


@dataclass(frozen=True)
class Manifest:
    faces: dict
    roles: dict
    path: str


def _face_spec(face_id: str, raw, where: Where, base: Path, roots: Roots | None = None) -> FaceSpec:
    """A face of the manifest, or of an edition's `fonts:` (then `roots` says
    where its file may be)."""
    if isinstance(raw, str):
        raw = {"file": raw}
    if not isinstance(raw, dict):
        raise InputError(error(f"face '{face_id}' must be a file path or a mapping", where,
                               "give `file:` (and `index:` for a collection)"))
    problems = []
    for key in raw:
        if key not in _FACE_KEYS:
            at = raw.at(key) if isinstance(raw, PosDict) else where
            problems.append(error(f"unknown key '{key}' in face '{face_id}'", at,
                                  f"allowed keys: {', '.join(sorted(_FACE_KEYS))}"))
    for key in _FACE_KEYS - {"index"}:
        value = raw.get(key)
        if value is not None and not (isinstance(value, str) and value.strip()):
            at = raw.at(key) if isinstance(raw, PosDict) else where
            problems.append(error(f"face '{face_id}': `{key}` must be text", at))
    if not raw.get("file"):
        problems.append(error(f"face '{face_id}' has no file", where, "add `file: /path/to/font.ttf`"))
    index = raw.get("index", 0)
    if not isinstance(index, int) or isinstance(index, bool) or not 0 <= index <= limits.FACE_INDEX:
        problems.append(error(f"face '{face_id}': index must be a whole number from 0 to "
                              f"{limits.FACE_INDEX}", where))
    if problems:
        raise InputError(problems)
    file = str(raw["file"])
    if roots is not None:
        file = confined(roots, file, raw.at("file") if isinstance(raw, PosDict) else where, "font file")
    else:
        file = os.path.expanduser(file)
        if not os.path.isabs(file):
            file = str((base / file).resolve())
    return FaceSpec(face_id, file, index, raw.get("family"), raw.get("package"),
                    raw.get("license"), raw.get("sha256"), where)


def load_manifest(path: Path | str = DEFAULT_MANIFEST) -> Manifest:
    path = Path(path)
    shown = str(path)
    text = read_utf8(path, shown, what="font manifest",
                     missing_hint="pass --fonts with the path of a fonts.yaml")
    data = load_yaml_text(text, shown)
    sections = {key: data.get(key) if isinstance(data, dict) else None for key in ("faces", "roles")}
    if not all(isinstance(v, PosDict) and v for v in sections.values()):
        where = data.where if isinstance(data, PosDict) else Where(shown, 1)
        bad = [k for k, v in sections.items() if not isinstance(v, PosDict) or not v]
        raise InputError(error(f"a font manifest needs `faces:` and `roles:`, each a mapping; "
                               f"{' and '.join(f'`{k}`' for k in bad)} is not", where,
                               "write `faces:` with `id: {file: …}` entries and `roles:` with "
                               "`role: [face, …]` entries, as in fonts/fonts.yaml"))
    faces = {}
    problems = []
    for face_id, raw in data["faces"].items():
        try:
            faces[str(face_id)] = _face_spec(str(face_id), raw, data["faces"].at(face_id), path.parent)
        except InputError as exc:
            problems.extend(exc.diagnostics)
    roles = {}
    for role, chain in data["roles"].items():
        where = data["roles"].at(role)
        if role not in ROLES and role not in OPTIONAL_ROLES:
            problems.append(error(f"unknown role '{role}'", where,
                                  f"roles: {', '.join(ROLES + tuple(OPTIONAL_ROLES))}"))
            continue
        chain = [chain] if isinstance(chain, str) else chain
        if (not isinstance(chain, list) or not chain or len(chain) > limits.CHAIN_FACES
                or not all(isinstance(f, str) for f in chain)):
            problems.append(error(f"role '{role}' needs a list of face names (1 to {limits.CHAIN_FACES})",
                                  where, f"e.g. `{role}: [serif, sans]`; a chain is one flat list"))
            continue
        for face_id in chain:
            if face_id not in faces:
                problems.append(error(f"role '{role}' names face '{face_id}', which is not in faces:",
                                      where, f"faces: {', '.join(faces)}"))
        roles[role] = tuple(chain)
    missing_roles = [r for r in ROLES if r not in data["roles"]]
    if missing_roles:
        problems.append(error(f"the manifest gives no faces for roles: {', '.join(missing_roles)}",
                              data["roles"].where, "every role needs a chain"))
    if problems:
        raise InputError(problems)
    for role, like in OPTIONAL_ROLES.items():
        roles.setdefault(role, roles[like])
    return Manifest(faces, roles, str(path))


def apply_overrides(manifest: Manifest, overrides: dict, file: str, base: Path,
                    roots: Roots | None = None) -> Manifest:
    """Put a user's font at the head of a role's chain (edition.yaml `fonts:`).
    Its file must be inside the edition folder (`base`), a folder of `roots`,
    or a system font folder."""
    if not overrides:
        return manifest
    roots = (roots or Roots.of(base)).with_system_fonts()
    faces = dict(manifest.faces)
    roles = dict(manifest.roles)
    problems = []
    for role, raw in overrides.items():
        where = overrides.at(role) if isinstance(overrides, PosDict) else Where(file)
        if role not in ROLES:
            problems.append(error(f"unknown font role '{role}'", where, f"roles: {', '.join(ROLES)}"))
            continue
        if isinstance(raw, str) and raw in faces:
            roles[role] = (raw,) + tuple(f for f in roles[role] if f != raw)
            continue
        try:
            spec = _face_spec(f"{role}:user", raw, where, base, roots)
        except InputError as exc:
            problems.extend(exc.diagnostics)
            continue
        faces[spec.id] = spec
        roles[role] = (spec.id,) + roles[role]
    if problems:
        raise InputError(problems)
    return Manifest(faces, roles, manifest.path)


def _missing_file_hint(spec: FaceSpec) -> str:
    if spec.package:
        return (f"install the Debian package {spec.package} (sudo apt-get install {spec.package}), "
                f"or point the roles that use '{spec.id}' at another font file in fonts.yaml or "
                f"in the edition's `fonts:`")
    return "check the path, or point the role at another font file"


class FontBook:
    def __init__(self, manifest: Manifest, cache: FontCache):
        self.manifest = manifest
        self.cache = cache
        self.notes: list[Diagnostic] = []
        faces: dict[str, Face] = {}
        problems = []
        used = {f for chain in manifest.roles.values() for f in chain}
        for face_id in sorted(used):
            spec = manifest.faces[face_id]
            state = file_state(spec.file)
            if state == "missing":
                problems.append(error(f"font face '{face_id}': file {spec.file} not found",
                                      spec.where, _missing_file_hint(spec), code="font-missing"))
                continue
            size = os.stat(spec.file).st_size if state == "file" else 0
            if state != "file" or size > limits.FONT_BYTES:
                what = state if state != "file" else f"{size >> 20} MB, over the {limits.FONT_BYTES >> 20} MB read"
                problems.append(error(f"font face '{face_id}': {spec.file} is {what}, not a font file",
                                      spec.where, "point the face at a .ttf, .otf or .ttc file",
                                      code="font-bad"))
                continue
            try:
                metrics = cache.metrics(spec.file, spec.index)
            except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds for a bad file
                problems.append(error(f"font face '{face_id}': {spec.file} is not a usable font "
                                      f"(face {spec.index}): {type(exc).__name__}: {exc}", spec.where,
                                      "use a TrueType or OpenType file (.ttf, .otf, .ttc)",
                                      code="font-bad"))
                continue
            if not draws_anything(metrics.codepoints()):
                problems.append(error(f"font face '{face_id}': {spec.file} (face {spec.index}) draws no "
                                      "character: its glyphs have no outlines, so its text would print "
                                      "blank", spec.where, "use a font with TrueType or CFF outlines (a "
                                      "bitmap or colour-emoji font cannot be embedded)", code="font-bad"))
                continue
            if spec.sha256 and cache.sha256(spec.file) != spec.sha256:
                self.notes.append(Diagnostic(NOTE, f"font face '{face_id}': {spec.file} differs from the "
                                             "file the manifest was written for; pages may set differently",
                                             spec.where, code="font-changed"))
            faces[face_id] = Face(face_id, spec.file, spec.index, metrics, spec)
        if problems:
            raise InputError(problems)
        self.faces = faces
        self._chains = {role: tuple(faces[f] for f in chain) for role, chain in manifest.roles.items()}
        self._resolved: dict[tuple[str, str], Face | None] = {}

    def chain(self, role: str) -> tuple[Face, ...]:
        return self._chains[role]

    def primary(self, role: str) -> Face:
        return self._chains[role][0]

    def ink_boxes(self, face_id: str, chars: str) -> Mapping[str, InkBox]:
        """Ink box (xmin, ymin, xmax, ymax in em, about the origin) of each of
        `chars` the face draws; read from its outlines once per set of characters."""
        face = self.faces[face_id]
        return self.cache.ink_boxes(face.path, face.index, chars)

    def resolve(self, role: str, ch: str) -> Face | None:
        """The first face of the role's chain that has `ch`; None if none has it."""
        key = (role, ch)
        try:
            return self._resolved[key]
        except KeyError:
            pass
        found = None
        code = ord(ch)
        # A private-use character means what the font that defines it says:
        # only the role's own face may draw it, never a fallback (BabelStone
        # Han fills the private-use area with glyphs of its own).
        chain = self._chains[role][:1] if _private_use(code) else self._chains[role]
        for face in chain:
            if face.metrics.advance_of(code) is not None:
                found = face
                break
        self._resolved[key] = found
        return found


def _private_use(code: int) -> bool:
    return 0xE000 <= code <= 0xF8FF or 0xF0000 <= code <= 0x10FFFD
