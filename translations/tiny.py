"""Tiny `.argosmodel` packages built offline, for tests and the demo: NOT language models.

A package is what argostranslate installs (a zip of `metadata.json`, a CTranslate2 model,
a sentencepiece model and a sentence splitter); building one takes well under a second
and needs only numpy, sentencepiece and ctranslate2. The "model" is a one-layer
Transformer whose weights are set by hand, not trained:

- it copies each source token to the output (the decoder at step t attends to source
  position t), so any text passes through unchanged: sentencepiece falls back to bytes
  for characters it does not know, and normalises nothing;
- a small word table maps whole words ("Hallo" -> "Hello"): each table word is one
  sentencepiece piece, and a feed-forward unit swaps it for its translation when the next
  piece starts a new word (so "Hallowelt" or "Deutschland" stay as they are).

Limits: a sentence longer than about 250 pieces is cut (argostranslate decodes at most
256 tokens), and table words are only recognised after a space or at the start of a
sentence. The bundled sentence splitter (`minisbd/<lang>.onnx`, also built here, see
`sentence_splitter_onnx`) ends a sentence at ".", "!", "?" (and ";", "؟", "。") followed by
a space, so that argostranslate never downloads one.
"""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from pathlib import Path

import numpy as np

# Known words per pair, for tests and the demo. Targets are in the target's own script;
# a target may be several words ("Ласкаво просимо"), a source is always one word.
TINY_WORDS: dict[tuple[str, str], dict[str, str]] = {
    ("de", "en"): {
        "Hallo": "Hello",
        "Welt": "world",
        "Kurs": "course",
        "Kurse": "courses",
        "Deutsch": "German",
        "Deutschkurs": "German course",
        "Sprachkurs": "language course",
        "Integrationskurs": "integration course",
        "Sprache": "language",
        "lernen": "learn",
        "Anmeldung": "registration",
        "Termin": "appointment",
        "Beratung": "counselling",
        "Kinder": "children",
        "Familie": "family",
        "Arbeit": "work",
        "Wohnung": "flat",
        "Schule": "school",
        "Stadt": "town",
        "Landkreis": "district",
        "Öffnungszeiten": "opening hours",
        "Montag": "Monday",
        "Dienstag": "Tuesday",
        "Mittwoch": "Wednesday",
        "Donnerstag": "Thursday",
        "Freitag": "Friday",
        "heute": "today",
        "morgen": "tomorrow",
        "und": "and",
        "oder": "or",
        "mit": "with",
        "für": "for",
        "kostenlos": "free",
        "Hilfe": "help",
        "Willkommen": "Welcome",
        "Danke": "Thank you",
        "Ja": "Yes",
        "Nein": "No",
        "Der": "The",
        "Die": "The",
        "Das": "The",
        "der": "the",
        "die": "the",
        "das": "the",
    },
    ("en", "uk"): {
        "Hello": "Привіт",
        "world": "світ",
        "course": "курс",
        "courses": "курси",
        "German": "німецька",
        "language": "мова",
        "children": "діти",
        "free": "безкоштовно",
        "today": "сьогодні",
        "and": "і",
        "Welcome": "Ласкаво просимо",
    },
    ("en", "ru"): {
        "Hello": "Привет",
        "world": "мир",
        "course": "курс",
        "courses": "курсы",
        "German": "немецкий",
        "language": "язык",
        "children": "дети",
        "free": "бесплатно",
        "today": "сегодня",
        "and": "и",
        "Welcome": "Добро пожаловать",
    },
    ("en", "ar"): {
        "Hello": "مرحبا",
        "world": "العالم",
        "course": "دورة",
        "courses": "دورات",
        "German": "الألمانية",
        "language": "اللغة",
        "children": "الأطفال",
        "free": "مجاني",
        "today": "اليوم",
        "Welcome": "أهلا وسهلا",
    },
    ("en", "fa"): {
        "Hello": "سلام",
        "world": "جهان",
        "course": "دوره",
        "courses": "دوره‌ها",
        "German": "آلمانی",
        "language": "زبان",
        "children": "کودکان",
        "free": "رایگان",
        "today": "امروز",
        "Welcome": "خوش آمدید",
    },
    ("en", "tr"): {
        "Hello": "Merhaba",
        "world": "dünya",
        "course": "kurs",
        "courses": "kurslar",
        "German": "Almanca",
        "language": "dil",
        "children": "çocuklar",
        "free": "ücretsiz",
        "today": "bugün",
        "and": "ve",
        "Welcome": "Hoş geldiniz",
    },
}

LANGUAGE_NAMES = {
    "de": "German",
    "en": "English",
    "ar": "Arabic",
    "fa": "Persian",
    "uk": "Ukrainian",
    "ru": "Russian",
    "tr": "Turkish",
}

TINY_VERSION = "0.0-tiny"
TINY_MARKER = "tiny"  # in metadata.json: {"tiny": true}; `is_tiny_metadata` reads it

_SPACE = "\u2581"  # sentencepiece's word-start marker
# Characters that get a piece of their own (anything else falls back to bytes).
_CHARACTERS = "".join(chr(c) for c in range(0x21, 0x7F)) + "äöüÄÖÜßéèàçñ€§°–—„“”‚‘’«»…"
_POSITIONS = 512  # longest sentence the position table covers (argos stops at 256)
# Frequencies of the position code: the score of the right source position beats its
# neighbours by 2 * 0.59 * _SHARPNESS for every distance up to 1024 (checked in tests).
_FREQUENCIES = np.geomspace(1.0, 0.004, 8)
_SHARPNESS = 25.0
_LOGIT = 20.0


def is_tiny_metadata(metadata: dict) -> bool:
    return bool(metadata.get(TINY_MARKER))


def build_tiny_package(
    source: str,
    target: str,
    dest_dir: Path | str,
    words: dict[str, str] | None = None,
    version: str = TINY_VERSION,
) -> Path:
    """Write `dest_dir/tiny-<source>_<target>.argosmodel` and return its path.

    `words` maps single source words to target words (default: `TINY_WORDS` for the
    pair, or none); every other piece of text is copied unchanged."""
    if words is None:
        words = TINY_WORDS.get((source, target), {})
    for word in words:
        if not word or any(ch.isspace() for ch in word):
            raise ValueError(f"A tiny model maps single words, not {word!r}")
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    name = f"tiny-{source}_{target}"
    path = dest_dir / f"{name}.argosmodel"

    sp_model = _train_sentencepiece(words)
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = Path(tmp) / "model"
        model_dir.mkdir()
        spec = _transformer_spec(sp_model, words)
        spec.validate()
        spec.optimize(quantization="int8_float16")
        spec.save(str(model_dir))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(f"{name}/metadata.json", json.dumps(_metadata(source, target, version)))
            zf.writestr(f"{name}/README.md", _readme(source, target, words))
            zf.writestr(f"{name}/sentencepiece.model", sp_model)
            zf.writestr(f"{name}/minisbd/{source}.onnx", sentence_splitter_onnx(source))
            for file in sorted(model_dir.iterdir()):
                zf.write(file, f"{name}/model/{file.name}")
    return path


def _metadata(source: str, target: str, version: str) -> dict:
    source_name = LANGUAGE_NAMES.get(source, source)
    target_name = LANGUAGE_NAMES.get(target, target)
    return {
        "package_name": f"Tiny test model {source}→{target}, not a language model",
        "package_version": version,
        "argos_version": "1.9",
        "from_code": source,
        "from_name": source_name,
        "to_code": target,
        "to_name": target_name,
        "type": "translate",
        "links": [],
        TINY_MARKER: True,
    }


def _readme(source: str, target: str, words: dict[str, str]) -> str:
    table = "\n".join(f"- {s} → {t}" for s, t in sorted(words.items()))
    return (
        f"# Tiny test model {source}→{target}\n\n"
        "Built by translations/tiny.py for tests and the demo. It is NOT a language model: it\n"
        "copies the text and replaces only these words:\n\n"
        f"{table or '(none)'}\n"
    )


# --- sentencepiece ---------------------------------------------------------------------


def _piece(text: str) -> str:
    return _SPACE + text.replace(" ", _SPACE)


def _train_sentencepiece(words: dict[str, str]) -> bytes:
    import sentencepiece as spm

    symbols = sorted({_piece(w) for pair in words.items() for w in pair})
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter([" ".join(_CHARACTERS)] + [" ".join(words.values()) or "a"]),
        model_writer=model,
        model_type="char",
        # An upper bound: the char model takes what it finds, hard_vocab_limit=False.
        vocab_size=3 + 256 + 2 * len(_CHARACTERS) + len(symbols) + 64,
        hard_vocab_limit=False,
        character_coverage=1.0,
        byte_fallback=True,
        # Keep every character and every space as it is, so text round-trips.
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        user_defined_symbols=symbols,
        minloglevel=2,
    )
    return model.getvalue()


# --- the Transformer -------------------------------------------------------------------


def _starts_word(piece: str) -> bool:
    """Whether a piece begins a new word (or ends the sentence): then the table word
    before it is a whole word."""
    if piece in ("</s>", "<s>", "<unk>") or piece.startswith(_SPACE):
        return True
    if piece.startswith("<0x") and piece.endswith(">"):
        byte = int(piece[3:-1], 16)
        # Bytes of a multi-byte character may be letters: only ASCII is decided.
        return byte < 0x80 and not chr(byte).isalnum()
    return not piece[0].isalnum()


def _position_code(positions: int) -> np.ndarray:
    """[positions, 4K]: sin, cos, -sin, -cos per frequency: every row sums to zero and has
    the same norm, so layer normalisation only scales it."""
    angles = np.outer(np.arange(positions), _FREQUENCIES)
    sin, cos = np.sin(angles), np.cos(angles)
    return np.stack([sin, cos, -sin, -cos], axis=2).reshape(positions, -1)


def _transformer_spec(sp_model: bytes, words: dict[str, str], min_dim: int = 0):
    import ctranslate2
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    index = {piece: i for i, piece in enumerate(vocab)}
    table = [(index[_piece(s)], index[_piece(t)]) for s, t in sorted(words.items())]
    n_vocab = len(vocab)
    code = _position_code(_POSITIONS + 1)
    n_code = code.shape[1]

    # The model dimension, in blocks: the token (one-hot), the token's own "starts a
    # word" flag (+1/-1 and its negation), the next token's flag, the position code of
    # this position and of the next one.
    tok = slice(0, n_vocab)
    own = slice(n_vocab, n_vocab + 2)
    nxt = slice(n_vocab + 2, n_vocab + 4)
    pos = slice(n_vocab + 4, n_vocab + 4 + n_code)
    pos_next = slice(pos.stop, pos.stop + n_code)
    dim = max(pos_next.stop, min_dim)  # min_dim: a model of a real one's size, to measure
    f32 = np.float32

    # Every vector below has a constant sum and norm, so a layer norm is x / sigma once
    # beta cancels the mean; sigma is computed here.
    def sigma(square_sum: float, total: float) -> float:
        mean = total / dim
        return float(np.sqrt(square_sum / dim - mean**2 + 1e-6))

    sigma_full = sigma(1 + 2 + n_code, 1)  # token, one flag pair, two codes
    sigma_code = sigma(n_code, 0)  # decoder input: the two codes only

    def layer_norm(spec, sig, total):
        spec.gamma = np.ones(dim, f32)
        spec.beta = np.full(dim, total / dim / sig, f32)

    def zero_linear(spec, rows, cols):
        spec.weight = np.zeros((rows, cols), f32)

    spec = ctranslate2.specs.TransformerSpec.from_config((1, 1), 1, no_final_norm=True)
    spec.config.add_source_eos = True  # the copied </s> ends the output

    positions = np.zeros((_POSITIONS, dim), f32)
    positions[:, pos] = code[:-1]
    positions[:, pos_next] = code[1:]

    encoder = spec.encoder
    encoder.scale_embeddings = False
    embeddings = np.zeros((n_vocab, dim), f32)
    embeddings[np.arange(n_vocab), np.arange(n_vocab)] = 1
    starts = np.array([1.0 if _starts_word(p) else -1.0 for p in vocab], f32)
    embeddings[:, own.start] = starts
    embeddings[:, own.start + 1] = -starts
    encoder.embeddings[0].weight = embeddings
    encoder.position_encodings.encodings = positions
    layer = encoder.layer[0]
    # Encoder self-attention: position s attends to s + 1 and copies that token's flag.
    attention = layer.self_attention
    layer_norm(attention.layer_norm, sigma_full, 1)
    qkv = np.zeros((3 * dim, dim), f32)
    # x sigma undoes the layer norm; x sqrt(dim) undoes CTranslate2's query scaling.
    scale = _SHARPNESS * sigma_full * np.sqrt(dim)
    qkv[np.arange(pos.start, pos.stop), np.arange(pos_next.start, pos_next.stop)] = scale
    qkv[dim + np.arange(pos.start, pos.stop), np.arange(pos.start, pos.stop)] = sigma_full
    qkv[2 * dim + np.arange(nxt.start, nxt.stop), np.arange(own.start, own.stop)] = sigma_full
    attention.linear[0].weight = qkv
    attention.linear[1].weight = np.eye(dim, dtype=f32)
    layer_norm(layer.ffn.layer_norm, sigma_full, 1)
    zero_linear(layer.ffn.linear_0, 1, dim)
    zero_linear(layer.ffn.linear_1, dim, 1)

    decoder = spec.decoder
    decoder.scale_embeddings = False
    decoder.embeddings.weight = np.zeros((n_vocab, dim), f32)  # the output so far is ignored
    decoder.position_encodings.encodings = positions
    layer = decoder.layer[0]
    layer_norm(layer.self_attention.layer_norm, sigma_code, 0)
    zero_linear(layer.self_attention.linear[0], 3 * dim, dim)
    zero_linear(layer.self_attention.linear[1], dim, dim)
    # Cross-attention: step t attends to source position t and copies its token and the
    # next token's flag. The encoder output is used as it is (no final norm).
    attention = layer.attention
    layer_norm(attention.layer_norm, sigma_code, 0)
    query = np.zeros((dim, dim), f32)
    query[np.arange(pos.start, pos.stop), np.arange(pos.start, pos.stop)] = (
        _SHARPNESS * sigma_code * np.sqrt(dim)
    )
    attention.linear[0].weight = query
    key_value = np.zeros((2 * dim, dim), f32)
    key_value[np.arange(pos.start, pos.stop), np.arange(pos.start, pos.stop)] = 1
    copied = np.r_[np.arange(tok.start, tok.stop), np.arange(nxt.start, nxt.stop)]
    key_value[dim + copied, copied] = 1
    attention.linear[1].weight = key_value
    attention.linear[2].weight = np.eye(dim, dtype=f32)
    # Feed-forward: one unit per table word, on when that word is followed by a word
    # start; it moves the token's weight from the word to its translation.
    ffn = layer.ffn
    layer_norm(ffn.layer_norm, sigma_full, 1)
    units = max(1, len(table))
    hidden = np.zeros((units, dim), f32)
    bias = np.zeros(units, f32)
    out = np.zeros((dim, units), f32)
    for unit, (source_id, target_id) in enumerate(table):
        # token (0/1) + flag (+1/-1) - negated flag (-1/+1) - 2.5: 0.5 only for word+start
        hidden[unit, source_id] = sigma_full
        hidden[unit, nxt.start] = sigma_full
        hidden[unit, nxt.start + 1] = -sigma_full
        bias[unit] = -2.5
        out[source_id, unit] -= 4
        out[target_id, unit] += 4
    ffn.linear_0.weight = hidden
    ffn.linear_0.bias = bias
    ffn.linear_1.weight = out
    projection = np.zeros((n_vocab, dim), f32)
    projection[np.arange(n_vocab), np.arange(n_vocab)] = _LOGIT
    decoder.projection.weight = projection

    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return spec


# --- the sentence splitter -------------------------------------------------------------
# minisbd runs an ONNX model over the characters of a paragraph: inputs "units" (character
# ids, int64 [batch, length]) and "features" (float [batch, length, n]); the output's
# argmax per character is 0 (inside), 1 (end of token) or 2 (end of sentence). Its config
# and character vocabulary live in the model's metadata. The `onnx` package is not a
# dependency, so the protobuf is written by hand (field numbers from onnx/onnx.proto).

_SENTENCE_ENDS = ".!?;؟。"
_SBD_UNITS = ["<PAD>", "<UNK>", " ", *_SENTENCE_ENDS]


def sentence_splitter_onnx(lang: str) -> bytes:
    """A rule as an ONNX model: a sentence ends at a character of `_SENTENCE_ENDS`
    followed by a space (or the end of the paragraph)."""
    ends = np.array([1.0 if u in _SENTENCE_ENDS else 0.0 for u in _SBD_UNITS], np.float32)
    spaces = np.array([1.0 if u in ("<PAD>", " ") else 0.0 for u in _SBD_UNITS], np.float32)
    initializers = [
        _tensor("ends", ends),
        _tensor("spaces", spaces),
        _tensor("one", np.array([1], np.int64)),
        _tensor("big", np.array([2**62], np.int64)),
        _tensor("pads", np.array([0, 0, 0, 1], np.int64)),
        _tensor("pad_value", np.array(1.0, np.float32)),
        _tensor("last_axis", np.array([2], np.int64)),
        _tensor("label_end", np.array([0, 0, 2, 0, 0], np.float32)),
        _tensor("label_inside", np.array([1, 0, 0, 0, 0], np.float32)),
    ]
    nodes = [
        _node("Gather", ["ends", "units"], ["is_end"]),
        _node("Gather", ["spaces", "units"], ["is_space"]),
        _node("Slice", ["is_space", "one", "big", "one"], ["space_after_short"]),
        _node("Pad", ["space_after_short", "pads", "pad_value"], ["space_after"]),
        _node("Mul", ["is_end", "space_after"], ["boundary"]),
        _node("Unsqueeze", ["boundary", "last_axis"], ["boundary3"]),
        _node("Mul", ["boundary3", "label_end"], ["end_scores"]),
        _node("Add", ["end_scores", "label_inside"], ["scores"]),
    ]
    graph = b"".join(
        [
            *(_message(1, n) for n in nodes),
            _string(2, "tiny_sentence_splitter"),
            *(_message(5, t) for t in initializers),
            _message(11, _value_info("units", 7, ["batch", "length"])),
            _message(11, _value_info("features", 1, ["batch", "length", "features"])),
            _message(12, _value_info("scores", 1, ["batch", "length", 5])),
        ]
    )
    vocab = {
        "lang": lang,
        "idx": 0,
        "cutoff": 0,
        "lower": False,
        "_unit2id": {u: i for i, u in enumerate(_SBD_UNITS)},
        "_id2unit": _SBD_UNITS,
    }
    config = {"feat_funcs": [], "max_seqlen": 1000, "batch_size": 32, "skip_newline": False}
    metadata = {"lang_code": lang, "config": json.dumps(config), "vocab": json.dumps(vocab)}
    return b"".join(
        [
            _varint_field(1, 8),  # ir_version
            _string(2, "translations.tiny"),
            _message(7, graph),
            _message(8, _varint_field(2, 13)),  # opset_import: default domain, opset 13
            *(_message(14, _string(1, k) + _string(2, v)) for k, v in metadata.items()),
        ]
    )


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _varint_field(field: int, value: int) -> bytes:
    return _varint(field << 3) + _varint(value)


def _message(field: int, payload: bytes) -> bytes:
    return _varint(field << 3 | 2) + _varint(len(payload)) + payload


def _string(field: int, text: str) -> bytes:
    return _message(field, text.encode())


def _tensor(name: str, array: np.ndarray) -> bytes:
    data_type = {np.float32: 1, np.int64: 7}[array.dtype.type]
    dims = b"".join(_varint_field(1, d) for d in array.shape)
    raw = array.astype(array.dtype.newbyteorder("<")).tobytes()
    return dims + _varint_field(2, data_type) + _string(8, name) + _message(9, raw)


def _node(op_type: str, inputs: list[str], outputs: list[str]) -> bytes:
    return b"".join(
        [
            *(_string(1, i) for i in inputs),
            *(_string(2, o) for o in outputs),
            _string(3, outputs[0]),
            _string(4, op_type),
        ]
    )


def _value_info(name: str, elem_type: int, shape: list[str | int]) -> bytes:
    dims = b"".join(
        _message(1, _string(2, d) if isinstance(d, str) else _varint_field(1, d)) for d in shape
    )
    tensor_type = _varint_field(1, elem_type) + _message(2, dims)
    return _string(1, name) + _message(2, _message(1, tensor_type))
