"""Hashed character 3-grams of a message's shape: the model's wording columns.

The shape is the first 400 characters with every digit written as 0; each
distinct 3-gram goes to bucket `crc32(gram) mod 2**14`, and a message's
columns are its distinct buckets. `grams_of` does one message in Python;
`wording_sums` does a whole batch in numpy and gives, per message, the sum
of the model's weights over those same distinct buckets and how many there
are, which is all the scorer needs; `wording_of` is the same for one message.

Why crc32 can be vectorised: for inputs of one fixed length CRC is affine
over GF(2), so the CRC of three bytes is the XOR of one table entry per
byte position (with the CRC of three zero bytes folded into the first).
The tables give the digits 1-9 the entry of 0, so the raw bytes need no
translating into the shape. That holds for ASCII text, where a character
is a byte; a message with any other character is hashed by `grams_of`.
"""
from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np

GRAM_BITS = 14
GRAM_BUCKETS = 1 << GRAM_BITS
GRAM_SIZE = 3
SHAPE_LENGTH = 400
BLOCK = 64                             # messages whose grams are told apart at once (wording_sums)
_SHAPE = str.maketrans("123456789", "000000000")
_BUCKETS: dict[str, int] = {}          # n-gram -> bucket; the same for every process (crc32, not hash())


def _bucket(gram: str) -> int:
    found = zlib.crc32(gram.encode()) & (GRAM_BUCKETS - 1)
    if len(_BUCKETS) < 1_000_000:
        _BUCKETS[gram] = found
    return found


def grams_of(text: str) -> list[int]:
    """Distinct buckets of the 3-grams of the text's shape (digits as 0), the first 400 characters."""
    shape = text[:SHAPE_LENGTH].translate(_SHAPE)
    ends = range(GRAM_SIZE, len(shape) + 1)
    grams = set(map(shape.__getitem__, map(slice, range(len(ends)), ends)))  # slicing in C, not a Python loop
    found = list(map(_BUCKETS.get, grams))  # the common case, in C: every gram seen before
    if None in found:
        found = [_bucket(g) if b is None else b for g, b in zip(grams, found)]
    return list(set(found))


def _crc_tables() -> np.ndarray:
    zero = zlib.crc32(bytes(GRAM_SIZE))
    tables = np.empty((GRAM_SIZE, 256), dtype=np.int64)
    for position in range(GRAM_SIZE):
        for byte in range(256):
            gram = bytearray(GRAM_SIZE)
            gram[position] = byte
            tables[position, byte] = zlib.crc32(bytes(gram)) ^ zero
    tables[0] ^= zero
    tables[:, ord("1"):ord("9") + 1] = tables[:, ord("0"), None]
    return tables & (GRAM_BUCKETS - 1)


_TABLES = _crc_tables()


def wording_of(text: str, weights: np.ndarray) -> tuple[float, int]:
    """For one text: the sum of `weights` over its distinct buckets, and how many there are."""
    head = text[:SHAPE_LENGTH]
    if not head.isascii():
        buckets = grams_of(text)
        return float(weights[buckets].sum()), len(buckets)
    data = np.frombuffer(head.encode("ascii"), dtype=np.uint8)
    bucket = _hashed(data)
    bucket.sort()
    first = np.empty(len(bucket), dtype=bool)
    first[:1] = True
    np.not_equal(bucket[1:], bucket[:-1], out=first[1:])
    found = bucket[first]
    return float(weights[found].sum()), len(found)


def _hashed(data: np.ndarray) -> np.ndarray:
    """The bucket of the 3-gram starting at each byte that has two more after it."""
    end = len(data) - GRAM_SIZE + 1
    bucket = _TABLES[0][data[:max(end, 0)]]
    for position in range(1, GRAM_SIZE):
        bucket ^= _TABLES[position][data[position:position + max(end, 0)]]
    return bucket


def wording_sums(texts: Sequence[str], weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per text: the sum of `weights` over its distinct buckets, and how many distinct buckets it has."""
    count = len(texts)
    sums, sizes = np.zeros(count), np.zeros(count, dtype=np.int64)
    heads = [text[:SHAPE_LENGTH] for text in texts]
    plain = []
    for i, head in enumerate(heads):
        if head.isascii():
            plain.append(i)
        else:
            buckets = grams_of(texts[i])
            sums[i], sizes[i] = weights[buckets].sum(), len(buckets)
    if plain:
        found, owners = _distinct_buckets([heads[i] for i in plain])
        index = np.asarray(plain)
        sums[index] = np.bincount(owners, weights=weights[found], minlength=len(plain))
        sizes[index] = np.bincount(owners, minlength=len(plain))
    return sums, sizes


def _distinct_buckets(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (bucket, owner) pairs of ASCII texts, as two arrays."""
    data = np.frombuffer("".join(texts).encode("ascii"), dtype=np.uint8)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    starts = slice(0, max(len(data) - GRAM_SIZE + 1, 0))
    # a gram belongs to one message when its first and last characters do
    inside = owner[starts] == owner[GRAM_SIZE - 1:]
    owners, buckets = owner[starts][inside], _hashed(data)[inside]
    keep = np.empty(len(owners), dtype=bool)
    # A gram is kept where it is the first of its (owner, bucket) pair. Sorting to find them costs
    # three times this: scatter each gram's position into a slot per pair, then keep the grams that
    # read their own position back (one writer wins each slot). A block of messages at a time keeps
    # the slots few enough to stay in cache.
    slots = np.empty(min(BLOCK, len(texts)) << GRAM_BITS, dtype=np.int32)
    cuts = np.searchsorted(owners, np.arange(0, len(texts) + BLOCK, BLOCK)).tolist()
    for block, (begin, end) in enumerate(zip(cuts, cuts[1:])):
        local = (owners[begin:end] - block * BLOCK) << GRAM_BITS | buckets[begin:end]
        position = np.arange(end - begin, dtype=np.int32)
        slots[local] = position
        keep[begin:end] = slots[local] == position
    return buckets[keep], owners[keep]
