"""A "copy" argos package of a real model's size, for bench/run_translation.py: NOT a
language model.

What a translation costs in CTranslate2 depends on the size of the network (layers,
width, vocabulary) and on the number of decoding steps, i.e. on how many tokens come
out; not on the values of the weights. The tiny test models (translations/tiny.py) are one
layer wide and split text into single characters, so they say nothing about real
cost. This module builds a Transformer of the public argos models' shape (6 encoder +
6 decoder layers, 512 wide, 8 heads, feed-forward 2048, 32,000-entry vocabulary, int8)
whose output is its input, token for token, so that every sentence takes as many
decoding steps as a real translation of the same length would:

- the tokenizer is a sentencepiece unigram model trained on the demo site's German and
  English texts (about 3,000 pieces, about 4 characters per piece on German, as a
  general 32k model splits German); the CTranslate2 vocabulary is those pieces plus
  filler entries up to `vocab_size`, so the output projection has a real model's size;
- each piece has a random +-1 code of 256 dimensions; the encoder's input is code +
  position code, its six layers add nothing (their output weights are zero, their
  input weights random: a dense int8 matrix product costs the same whatever the
  values);
- in the first decoder layer, all eight heads of the cross-attention attend to the
  source position equal to the decoding step (the position codes of tiny.py) and copy
  the piece's code; the output projection scores every vocabulary entry by its code,
  so the copied piece wins by a wide margin, and the copied `</s>` ends the sentence.

Beam search, batching and the sentence splitter then run as argostranslate runs them.
The sentence splitter is the rule-based ONNX model of tiny.py (real packages bundle a
small neural one, whose cost is not modelled here).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import yaml

from translations.tiny import LANGUAGE_NAMES, sentence_splitter_onnx

VERSION = "0.0-copy"
CODE_DIM = 256  # the random code of a piece
FREQUENCIES = np.geomspace(1.0, 0.004, 8)  # as translations/tiny.py: exact up to 1024 positions
SHARPNESS = 25.0
POSITIONS = 512
LOGIT_SCALE = 0.1  # the copied piece scores 25.6, any other about 0 +- 1.6


def demo_texts(languages=("de", "en")) -> list[str]:
    """Every string of the demo content files (cms/demo/content.<lang>.yaml), tags
    removed, one line each: the tokenizer's training text."""
    root = Path(__file__).resolve().parent.parent / "cms" / "demo"

    def strings(value):
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    lines = []
    for code in languages:
        data = yaml.safe_load((root / f"content.{code}.yaml").read_text("utf-8"))
        for text in strings(data):
            text = re.sub(r"<[^>]+>", " ", text)
            lines += [line for line in text.split("\n") if line.strip()]
    return lines


def train_tokenizer(lines: list[str], vocab_size: int = 8000) -> bytes:
    """A sentencepiece unigram model on `lines` (as many pieces as the text supports, at
    most `vocab_size`); bytes fall back, text round-trips unchanged."""
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        model_type="unigram",
        vocab_size=vocab_size,
        hard_vocab_limit=False,
        byte_fallback=True,
        character_coverage=1.0,
        normalization_rule_name="identity",
        remove_extra_whitespaces=False,
        minloglevel=2,
    )
    return model.getvalue()


def _position_code(positions: int) -> np.ndarray:
    """[positions, 32]: sin, cos, -sin, -cos per frequency (zero sum, constant norm)."""
    angles = np.outer(np.arange(positions), FREQUENCIES)
    sin, cos = np.sin(angles), np.cos(angles)
    return np.stack([sin, cos, -sin, -cos], axis=2).reshape(positions, -1)


def copy_model_spec(
    pieces: list[str],
    *,
    vocab_size: int = 32000,
    layers: int = 6,
    dim: int = 512,
    heads: int = 8,
    ffn: int = 2048,
    seed: int = 1,
):
    """The CTranslate2 TransformerSpec described in the module docstring."""
    import ctranslate2

    rng = np.random.default_rng(seed)
    f32 = np.float32
    vocab = list(pieces) + [f"<filler{n}>" for n in range(vocab_size - len(pieces))]
    n_vocab = len(vocab)
    head_dim = dim // heads
    code = _position_code(POSITIONS)
    n_pos = code.shape[1]
    pos = slice(CODE_DIM, CODE_DIM + n_pos)
    if pos.stop > dim or CODE_DIM % heads or CODE_DIM // heads > head_dim or n_pos > head_dim:
        raise ValueError("the codes do not fit into this width")

    codes = rng.choice(np.array([-1.0, 1.0], f32), size=(n_vocab, CODE_DIM))
    positions = np.zeros((POSITIONS, dim), f32)
    positions[:, pos] = code

    def random(rows, cols):
        return (rng.standard_normal((rows, cols)) / np.sqrt(cols)).astype(f32)

    def norm(spec):
        spec.gamma = np.ones(dim, f32)
        spec.beta = np.zeros(dim, f32)

    def idle_attention(spec, n_linear):
        """Random input weights, zero output weights: the layer adds nothing."""
        norm(spec.layer_norm)
        if n_linear == 2:  # self-attention: fused QKV, output
            spec.linear[0].weight = random(3 * dim, dim)
        else:  # cross-attention: query, fused KV, output
            spec.linear[0].weight = random(dim, dim)
            spec.linear[1].weight = random(2 * dim, dim)
        spec.linear[-1].weight = np.zeros((dim, dim), f32)

    def idle_ffn(spec):
        norm(spec.layer_norm)
        spec.linear_0.weight = random(ffn, dim)
        spec.linear_1.weight = np.zeros((dim, ffn), f32)

    spec = ctranslate2.specs.TransformerSpec.from_config(
        (layers, layers), heads, no_final_norm=True
    )
    spec.config.add_source_eos = True  # the copied </s> ends the output

    encoder = spec.encoder
    encoder.scale_embeddings = False
    embeddings = np.zeros((n_vocab, dim), f32)
    embeddings[:, :CODE_DIM] = codes
    encoder.embeddings[0].weight = embeddings
    encoder.position_encodings.encodings = positions
    for layer in encoder.layer:
        idle_attention(layer.self_attention, 2)
        idle_ffn(layer.ffn)

    decoder = spec.decoder
    decoder.scale_embeddings = False
    decoder.embeddings.weight = np.zeros((n_vocab, dim), f32)  # the output so far is ignored
    decoder.position_encodings.encodings = positions
    for n, layer in enumerate(decoder.layer):
        idle_attention(layer.self_attention, 2)
        idle_ffn(layer.ffn)
        if n == 0:
            # Cross-attention copies the code at source position == decoding step. The
            # query reads the position code through the layer norm (x / sigma: the
            # decoder input is the position code alone, zero mean); x sigma undoes it,
            # x sqrt(head_dim) undoes CTranslate2's query scaling.
            sigma = float(np.sqrt((code[0] ** 2).sum() / dim + 1e-6))
            attention = layer.attention
            norm(attention.layer_norm)
            query = np.zeros((dim, dim), f32)
            key_value = np.zeros((2 * dim, dim), f32)
            out = np.zeros((dim, dim), f32)
            chunk = CODE_DIM // heads
            for h in range(heads):
                rows = h * head_dim + np.arange(n_pos)
                query[rows, np.arange(pos.start, pos.stop)] = SHARPNESS * sigma * np.sqrt(head_dim)
                key_value[rows, np.arange(pos.start, pos.stop)] = 1
                values = h * head_dim + np.arange(chunk)
                key_value[dim + values, h * chunk + np.arange(chunk)] = 1
                out[h * chunk + np.arange(chunk), values] = 1
            attention.linear[0].weight = query
            attention.linear[1].weight = key_value
            attention.linear[2].weight = out
        else:
            idle_attention(layer.attention, 3)
    projection = np.zeros((n_vocab, dim), f32)
    projection[:, :CODE_DIM] = codes * LOGIT_SCALE
    decoder.projection.weight = projection

    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    return spec


def build_copy_model(model_dir: Path, sp_model: bytes, *, vocab_size: int = 32000) -> Path:
    """Write the CTranslate2 model (int8) into `model_dir`."""
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=sp_model)
    pieces = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    spec = copy_model_spec(pieces, vocab_size=vocab_size)
    spec.validate()
    spec.optimize(quantization="int8")
    model_dir = Path(model_dir)
    if model_dir.exists():
        shutil.rmtree(model_dir)
    model_dir.mkdir(parents=True)
    spec.save(str(model_dir))
    return model_dir


def write_package(
    source: str, target: str, dest_dir: Path, model_dir: Path, sp_model: bytes
) -> Path:
    """`dest_dir/copy-<source>_<target>.argosmodel` around an already built model
    (stored, not compressed: random int8 weights do not compress)."""
    name = f"copy-{source}_{target}"
    path = Path(dest_dir) / f"{name}.argosmodel"
    metadata = {
        "package_name": f"Copy model {source}→{target} of real size, not a language model",
        "package_version": VERSION,
        "argos_version": "1.9",
        "from_code": source,
        "from_name": LANGUAGE_NAMES.get(source, source),
        "to_code": target,
        "to_name": LANGUAGE_NAMES.get(target, target),
        "type": "translate",
        "links": [],
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(f"{name}/metadata.json", json.dumps(metadata))
        zf.writestr(f"{name}/README.md", "Copy model for bench/run_translation.py.\n")
        zf.writestr(f"{name}/sentencepiece.model", sp_model)
        zf.writestr(f"{name}/minisbd/{source}.onnx", sentence_splitter_onnx(source))
        for file in sorted(Path(model_dir).iterdir()):
            zf.write(file, f"{name}/model/{file.name}")
    return path


def build_copy_packages(
    pairs: list[tuple[str, str]], dest_dir: Path, *, vocab_size: int = 32000
) -> dict:
    """One model, packaged once per pair; returns facts for the report."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    sp_model = train_tokenizer(demo_texts())
    with tempfile.TemporaryDirectory(dir=dest_dir) as tmp:
        model_dir = build_copy_model(Path(tmp) / "model", sp_model, vocab_size=vocab_size)
        model_bytes = sum(f.stat().st_size for f in model_dir.iterdir())
        paths = [write_package(s, t, dest_dir, model_dir, sp_model) for s, t in pairs]
    return {"paths": paths, "model_bytes": model_bytes, "sp_model": sp_model}
