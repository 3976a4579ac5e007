"""gg.random (gingham/random/generator.hpp): the same bits for every rank count and layout, NumPy's Philox
stream for random(), serial references built from NumPy's Philox words for the other transforms,
distribution checks at fixed seeds, distributed permutations, and errors raised alike on every rank."""

import math

import numpy as np
import pytest

import gingham as gg
from helpers import COMM, all_ranks, assert_shard_and_whole, raised_everywhere

SIZE = COMM.size
SEED = 20261206


def layouts(shape):
    """Layouts of ``shape`` to test: the default, cyclic and block-cyclic with offsets and column-major
    shards on 1-D and 2-D grids, replicated, and a grid of only the first rank."""
    n = len(shape)
    line, square, first = gg.ProcessGrid((SIZE,)), gg.ProcessGrid((0, 0)), gg.ProcessGrid((1,))
    found = [gg.Distribution(shape),
             gg.Distribution(shape, axes=(None,) * n, grid=line),
             gg.Distribution(shape, grid=first)]
    if n >= 1:
        found += [gg.Distribution(shape, axes=(gg.Cyclic(offset=SIZE - 1),) + (None,) * (n - 1), grid=line),
                  gg.Distribution(shape, axes=(gg.BlockCyclic(3, offset=SIZE // 2),) + (None,) * (n - 1), grid=line,
                                  local_order="F")]
    if n >= 2:
        found += [gg.Distribution(shape, axes=(gg.BlockCyclic(2), gg.Cyclic(offset=square.dims[1] - 1)) +
                                  (None,) * (n - 2), grid=square, local_order="F"),
                  gg.Distribution(shape, axes=(None, gg.BlockCyclic(2)) + (None,) * (n - 2), grid=line)]
    return found


SHAPES = [(23,), (7, 5), (3, 4, 5), (), (0,), (4, 0)]


def words(seed, position, n):
    """The serial reference's stream: n words of NumPy's Philox(key=seed) after ``position`` words."""
    bits = np.random.Philox(key=seed)
    bits.advance(position // 4)
    raw = bits.random_raw(position % 4 + n)
    return raw[position % 4:].astype(np.uint64)


def box_muller(w):
    """The documented Box-Muller transform on pairs of words (the serial reference)."""
    w = np.concatenate([w, np.zeros(len(w) % 2, np.uint64)])
    u1 = ((w[0::2] >> np.uint64(11)) + np.uint64(1)).astype(np.float64) * 2.0 ** -53
    u2 = (w[1::2] >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
    r = np.sqrt(-2.0 * np.log(u1))
    out = np.empty(len(w))
    out[0::2], out[1::2] = r * np.cos(2 * np.pi * u2), r * np.sin(2 * np.pi * u2)
    return out


REDRAW_STREAM = 0x6C656D697265  # the stream id (counter words 2, 3 = this, attempt) of redrawn words


def redrawn_word(seed, word, attempt):
    """Word ``word`` of the redraw stream of ``attempt``: NumPy's Philox with counter words 2 and 3 set
    (NumPy increments the counter before each block, hence word // 4 in word 0)."""
    bits = np.random.Philox(key=seed, counter=[word // 4, 0, REDRAW_STREAM, attempt])
    return int(bits.random_raw(word % 4 + 1)[word % 4])


def integer_draws(seed, position, count, n):
    """The b-bit draws of n integers of a range of ``count`` values (b, draws): for count <= 2^32 the
    32-bit halves of the words, low half first (element i: word i // 2), else one word per element."""
    if count <= 2 ** 32:
        w = words(seed, position, (n + 1) // 2)
        return 32, [(int(w[i // 2]) >> (32 * (i % 2))) & 0xFFFFFFFF for i in range(n)]
    return 64, [int(v) for v in words(seed, position, n)]


def integers_reference(low, count, n, seed, position=0):
    """The documented integer rule, with Python's big integers: the top bits of each b-bit draw for ranges
    of a power-of-two size, else Lemire's floor(count w / 2^b), a draw whose product's low b bits fall
    below 2^b mod count replaced by (the low b bits of) the redraw stream's word at the element's position."""
    b, w = integer_draws(seed, position, count, n)
    if count & (count - 1) == 0:
        bits = count.bit_length() - 1
        return [low + (0 if bits == 0 else v >> (b - bits)) for v in w]
    threshold = 2 ** b % count
    out = []
    for i, v in enumerate(w):
        product, attempt = count * v, 1
        while product % 2 ** b < threshold:
            product, attempt = count * (redrawn_word(seed, position + i, attempt) % 2 ** b), attempt + 1
        out.append(low + (product >> b))
    return out


def advanced(seed, position):
    """Collective: a generator of ``seed`` at ``position`` (reached by a call of random)."""
    rng = gg.random.default_rng(seed)
    rng.random(position)
    return rng


def same_everywhere(make, shape):
    """Collective: make(distribution) gives the same bits in every layout of ``shape`` (each compared with
    the replicated result, which computes every element on every rank); returns that whole array."""
    reference = None
    for layout in layouts(shape):
        x = make(layout)
        assert x.shape == shape and x.distribution == layout
        whole = gg.to_numpy(x)
        if reference is None:
            reference = whole
        assert_shard_and_whole(x, reference)
    return reference


@pytest.mark.parametrize("shape", SHAPES)
def test_random_is_numpys_philox_stream_in_every_layout(shape):
    n = math.prod(shape)
    expected = np.random.Generator(np.random.Philox(key=SEED)).random(n).reshape(shape)
    for layout in layouts(shape):
        rng = gg.random.default_rng(SEED)
        assert_shard_and_whole(rng.random(shape, distribution=layout), expected)
        assert rng.position == n


def test_successive_calls_continue_numpys_stream():
    rng, reference = gg.random.default_rng(SEED), np.random.Generator(np.random.Philox(key=SEED))
    for n in (5, 3, 0, 17, 1, 9):
        assert_shard_and_whole(rng.random(n), reference.random(n))
    big = 2 ** 100 + 12345
    assert_shard_and_whole(gg.random.default_rng(big).random(9),
                           np.random.Generator(np.random.Philox(key=big)).random(9))


@pytest.mark.parametrize("shape", [(23,), (7, 5), (0,), ()])
@pytest.mark.parametrize("dtype", [gg.float32, gg.float64])
def test_continuous_methods_match_the_documented_transforms(shape, dtype):
    n = math.prod(shape)
    cases = [
        ("random", lambda g, d: g.random(shape, dtype=dtype, distribution=d),
         lambda w: (w >> np.uint64(11)).astype(np.float64) * 2.0 ** -53 if dtype == gg.float64
         else (w >> np.uint64(40)).astype(np.float32) * np.float32(2.0 ** -24)),
        ("uniform", lambda g, d: g.uniform(-2.0, 3.0, shape, dtype=dtype, distribution=d),
         lambda w: -2.0 + 5.0 * ((w >> np.uint64(11)).astype(np.float64) * 2.0 ** -53) if dtype == gg.float64
         else -2.0 + 5.0 * ((w >> np.uint64(40)).astype(np.float32) * np.float32(2.0 ** -24)).astype(np.float64)),
        ("standard_normal", lambda g, d: g.standard_normal(shape, dtype=dtype, distribution=d),
         lambda w: box_muller(w)[:n]),
        ("normal", lambda g, d: g.normal(1.5, 0.25, shape, dtype=dtype, distribution=d),
         lambda w: 1.5 + 0.25 * box_muller(w)[:n]),
        ("standard_exponential", lambda g, d: g.standard_exponential(shape, dtype=dtype, distribution=d),
         lambda w: -np.log(((w >> np.uint64(11)) + np.uint64(1)).astype(np.float64) * 2.0 ** -53)),
        ("exponential", lambda g, d: g.exponential(3.0, shape, dtype=dtype, distribution=d),
         lambda w: -3.0 * np.log(((w >> np.uint64(11)) + np.uint64(1)).astype(np.float64) * 2.0 ** -53)),
    ]
    for name, make, transform in cases:
        rng = gg.random.default_rng(SEED)
        rng.random(3)  # a position that is not a multiple of 4
        got = same_everywhere(lambda d: make(advanced(SEED, 3), d), shape)
        x = make(rng, None)
        expected = np.asarray(transform(words(SEED, 3, n + (n % 2 if "normal" in name else 0)))).reshape(-1)[:n]
        assert got.dtype == dtype, name
        tolerance = 1e-6 if dtype == gg.float32 else 1e-14
        assert np.allclose(got.reshape(-1), expected.astype(dtype), rtol=tolerance, atol=tolerance), name
        assert np.array_equal(gg.to_numpy(x), got), name
        step = n + n % 2 if "normal" in name else n
        assert rng.position == 3 + step, name


@pytest.mark.parametrize("dtype,low,high,endpoint", [
    (gg.int64, 0, 10, False), (gg.int8, -128, 127, True), (gg.uint8, 0, 256, False), (gg.int16, -5, 5, True),
    (gg.uint64, 0, 2 ** 64, False), (gg.int64, -2 ** 63, 2 ** 63 - 1, True), (gg.uint64, 3, 2 ** 64 - 7, False),
    (gg.int32, 7, 8, False), (gg.bool, 0, 2, False), (gg.uint32, 10, 10, True), (gg.int64, -3 * 2 ** 61, 2 ** 62, False),
    (gg.uint64, 0, 2 ** 63 + 1, False), (gg.int64, -2 ** 63 + 1, 2 ** 63 - 2, True), (gg.int16, -3, 997, False),
    (gg.uint32, 0, 2 ** 32 - 1, True), (gg.int64, 0, 3 * 2 ** 30, False), (gg.int64, -1, 2 ** 32, False),
])
def test_integers_match_the_documented_rule_in_every_layout(dtype, low, high, endpoint):
    shape = (7, 5)
    got = same_everywhere(lambda d: gg.random.default_rng(SEED).integers(low, high, shape, dtype=dtype,
                                                                         endpoint=endpoint, distribution=d), shape)
    count = high - low + (1 if endpoint else 0)
    expected = integers_reference(low, count, 35, SEED)
    assert got.dtype == dtype and got.reshape(-1).tolist() == [dtype.type(v) for v in expected]
    rng = gg.random.default_rng(SEED)
    rng.integers(low, high, shape, dtype=dtype, endpoint=endpoint)
    assert rng.position == (18 if count <= 2 ** 32 else 35)  # half a word per element up to 2^32 values
    values = np.asarray(got, dtype=object)
    assert all(low <= int(v) <= high - (0 if endpoint else 1) for v in values.reshape(-1))


def test_integers_with_one_bound_count_from_zero():
    assert np.array_equal(gg.to_numpy(gg.random.default_rng(1).integers(6, size=50)),
                          gg.to_numpy(gg.random.default_rng(1).integers(0, 6, size=50)))


def test_integers_of_32_bit_ranges_are_numpys_philox_draws_while_none_is_rejected():
    # NumPy's buffered 32-bit Lemire draws (low half of each word first); for 10^4 draws of 1000 values
    # a rejection (probability 296 / 2^32 each), where the redraws differ, does not occur at this seed.
    expected = np.random.Generator(np.random.Philox(key=SEED)).integers(0, 1000, 10001)
    assert_shard_and_whole(gg.random.default_rng(SEED).integers(0, 1000, 10001), expected)


def chi_square_limit(df):
    """The chi-square statistic's 1 - 1e-6 quantile (Wilson-Hilferty; z = 4.75)."""
    return df * (1 - 2 / (9 * df) + 4.75 * math.sqrt(2 / (9 * df))) ** 3


def normal_cdf(x):
    return 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


def ks_statistic(sample, cdf):
    sample = np.sort(sample)
    n = len(sample)
    f = cdf(sample)
    return max(np.max(np.arange(1, n + 1) / n - f), np.max(f - np.arange(n) / n))


N_STAT = 10 ** 6


def test_standard_normal_has_mean_0_variance_1_and_the_normal_cdf():
    x = gg.random.default_rng(SEED).standard_normal(N_STAT)
    mean, variance = float(gg.mean(x)), float(gg.var(x))
    # standard errors: 1e-3 for the mean, 1.4e-3 for the variance: a variance off by 1% fails.
    assert abs(mean) < 0.005 and abs(variance - 1) < 0.005, (mean, variance)
    sample = gg.to_numpy(x)[:200000]
    assert ks_statistic(sample, normal_cdf) < 1.95 / math.sqrt(len(sample))  # KS at the 0.1% level
    # pairs are independent: the correlation of elements 2k and 2k + 1 is within 5 standard errors of 0
    whole = gg.to_numpy(x)
    assert abs(np.corrcoef(whole[0::2], whole[1::2])[0, 1]) < 5 / math.sqrt(N_STAT / 2)


def test_normal_float32_and_exponential_moments():
    rng = gg.random.default_rng(SEED + 1)
    y = rng.normal(2.0, 3.0, N_STAT, dtype=gg.float32)
    assert y.dtype == gg.float32
    assert abs(float(gg.mean(y)) - 2.0) < 0.015 and abs(float(gg.var(y)) / 9.0 - 1) < 0.005
    e = rng.exponential(2.0, N_STAT)
    assert abs(float(gg.mean(e)) / 2.0 - 1) < 0.005 and abs(float(gg.var(e)) / 4.0 - 1) < 0.01
    sample = gg.to_numpy(e)[:200000]
    assert ks_statistic(sample, lambda t: 1 - np.exp(-t / 2.0)) < 1.95 / math.sqrt(len(sample))
    assert float(gg.min(e)) > 0


def test_uniform_is_uniform():
    u = gg.to_numpy(gg.random.default_rng(SEED + 2).uniform(-1.0, 3.0, N_STAT))
    assert u.min() >= -1.0 and u.max() < 3.0
    counts = np.histogram(u, bins=50, range=(-1.0, 3.0))[0]
    expected = N_STAT / 50
    assert ((counts - expected) ** 2 / expected).sum() < chi_square_limit(49)


@pytest.mark.parametrize("low,high", [(0, 7), (-3, 3), (0, 3 * 2 ** 30), (0, 3 * 2 ** 62), (-2 ** 63, 2 ** 63 - 2 ** 40)])
def test_integers_are_unbiased_for_small_and_huge_ranges(low, high):
    dtype = gg.int64 if high < 2 ** 63 else gg.uint64
    x = gg.to_numpy(gg.random.default_rng(SEED + 3).integers(low, high, N_STAT, dtype=dtype))
    count = high - low
    bins = min(count, 24)
    offsets = x.astype(np.uint64) - np.uint64(low % 2 ** 64)  # exact modulo 2^64: 0 .. count - 1
    edges = [(k * count + bins - 1) // bins for k in range(bins + 1)]  # bucket k: edges[k] <= offset < edges[k + 1]
    assert int(offsets.max()) < count
    buckets = np.searchsorted(np.array(edges[1:-1], dtype=np.uint64), offsets, side="right")
    observed = np.bincount(buckets, minlength=bins)
    expected = N_STAT * np.diff(np.array(edges, dtype=object)).astype(np.float64) / count
    assert ((observed - expected) ** 2 / expected).sum() < chi_square_limit(bins - 1)


def test_permutation_is_a_permutation_independent_of_the_rank_count():
    for n in (0, 1, 7, 1000):
        rng = gg.random.default_rng(SEED)
        p = rng.permutation(n)
        expected = np.argsort(words(SEED, 0, n), kind="stable")
        assert p.dtype == gg.int64
        assert_shard_and_whole(p, expected)
        assert sorted(gg.to_numpy(p).tolist()) == list(range(n)) and rng.position == n


def test_permutation_in_any_layout():
    expected = np.argsort(words(SEED, 0, 23), kind="stable")
    for layout in layouts((23,)):
        assert_shard_and_whole(gg.random.default_rng(SEED).permutation(23, distribution=layout), expected)
    first = gg.ProcessGrid((1,))
    p = gg.random.default_rng(SEED).permutation(23, device=first)
    assert p.device == first
    assert_shard_and_whole(p, expected)


@pytest.mark.parametrize("shape,axis", [((11,), 0), ((6, 5), 0), ((6, 5), 1), ((4, 3, 5), -1)])
def test_permutation_and_shuffle_of_an_array(shape, axis):
    data = np.arange(math.prod(shape), dtype=np.float64).reshape(shape)
    order = np.argsort(words(SEED, 0, shape[axis]), kind="stable")
    expected = np.take(data, order, axis=axis)
    for layout in layouts(shape):
        x = gg.asarray(data, distribution=layout)
        y = gg.random.default_rng(SEED).permutation(x, axis=axis)
        assert_shard_and_whole(y, expected)
        gg.random.default_rng(SEED).shuffle(x, axis=axis)
        assert x.distribution == layout
        assert_shard_and_whole(x, expected)


@pytest.mark.parametrize("shape,axis", [((11,), 0), ((6, 5), 0), ((6, 5), 1), ((4, 3, 5), None)])
def test_permuted_shuffles_each_line_independently(shape, axis):
    data = np.arange(math.prod(shape), dtype=np.int64).reshape(shape)
    keys = words(SEED, 0, data.size)
    if axis is None:
        expected = data.reshape(-1)[np.argsort(keys, kind="stable")].reshape(shape)
    else:
        expected = np.take_along_axis(data, np.argsort(keys.reshape(shape), axis=axis, kind="stable"), axis=axis)
    for layout in layouts(shape):
        rng = gg.random.default_rng(SEED)
        assert_shard_and_whole(rng.permuted(gg.asarray(data, distribution=layout), axis=axis), expected)
        assert rng.position == data.size


def test_choice_with_and_without_replacement():
    rng = gg.random.default_rng(SEED)
    assert_shard_and_whole(rng.choice(9, size=(3, 4)), gg.to_numpy(gg.random.default_rng(SEED).integers(9, size=(3, 4))))
    p = [0.5, 0.0, 0.3, 0.2]
    drawn = gg.to_numpy(gg.random.default_rng(SEED).choice(4, N_STAT // 4, p=p))
    counts = np.bincount(drawn, minlength=4)
    assert counts[1] == 0
    expected = np.array([0.5, 0.3, 0.2]) * (N_STAT // 4)
    assert ((counts[[0, 2, 3]] - expected) ** 2 / expected).sum() < chi_square_limit(2)
    sample = gg.to_numpy(gg.random.default_rng(SEED).choice(50, 20, replace=False))
    assert len(set(sample.tolist())) == 20 and np.array_equal(sample, np.argsort(words(SEED, 0, 50), kind="stable")[:20])
    weighted = gg.to_numpy(gg.random.default_rng(SEED).choice(6, 3, replace=False, p=[0, 0.1, 0.2, 0.3, 0.4, 0]))
    assert len(set(weighted.tolist())) == 3 and set(weighted.tolist()) <= {1, 2, 3, 4}
    a = gg.asarray(np.arange(100.0, 110.0))
    picked = gg.random.default_rng(SEED).choice(a, 5, replace=False)
    assert np.array_equal(gg.to_numpy(picked), 100.0 + np.argsort(words(SEED, 0, 10), kind="stable")[:5])


@pytest.mark.parametrize("replace,weighted", [(True, False), (True, True), (False, False), (False, True)])
def test_choice_gives_the_same_sample_in_every_layout(replace, weighted):
    p = np.linspace(1.0, 3.0, 40)
    p = p / p.sum() if weighted else None
    shape = (7, 5)
    got = same_everywhere(lambda d: gg.random.default_rng(SEED).choice(40, shape, replace=replace, p=p,
                                                                      distribution=d), shape)
    assert got.dtype == np.int64 and got.min() >= 0 and got.max() < 40
    if not replace:
        assert len(set(got.reshape(-1).tolist())) == 35
    if weighted and replace:  # the inverse CDF of the documented u = (w >> 11) 2^-53
        u = (words(SEED, 0, 35) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
        cdf = np.cumsum(p)
        assert np.array_equal(got.reshape(-1), np.searchsorted(cdf / cdf[-1], u, side="right"))


def test_weighted_sampling_without_replacement_prefers_heavy_items():
    first = [int(gg.to_numpy(gg.random.default_rng(seed).choice(3, 1, replace=False, p=[0.7, 0.2, 0.1]))[0])
             for seed in range(300)]
    frequencies = np.bincount(first, minlength=3) / 300
    assert abs(frequencies[0] - 0.7) < 0.1 and abs(frequencies[2] - 0.1) < 0.07


def test_spawn_and_local_generators():
    parent = gg.random.default_rng(SEED)
    children = parent.spawn(3)
    draws = [gg.to_numpy(child.random(8)) for child in children]
    assert all(not np.array_equal(draws[i], draws[j]) for i in range(3) for j in range(i))
    assert not any(np.array_equal(d, gg.to_numpy(gg.random.default_rng(SEED).random(8))) for d in draws)
    again = gg.random.default_rng(SEED).spawn(3)
    assert all(np.array_equal(gg.to_numpy(c.random(8)), d) for c, d in zip(again, draws))
    more = parent.spawn(1)[0]  # later children differ from earlier ones
    assert not any(np.array_equal(gg.to_numpy(more.random(8)), d) for d in draws)
    local = parent.local_generator()
    assert isinstance(local, np.random.Generator)
    mine = local.random(4)
    everyone = COMM.allgather(mine.tolist())
    assert len({tuple(v) for v in everyone}) == SIZE
    assert not np.array_equal(parent.local_generator().random(4), mine)


def test_seed_none_agrees_on_every_rank():
    rng = gg.random.default_rng()
    keys = COMM.allgather(rng.key)
    assert all(k == keys[0] for k in keys)
    assert_shard_and_whole(rng.random(10), np.random.Generator(np.random.Philox(key=keys[0])).random(10))
    assert gg.random.default_rng(rng) is rng


def test_bad_arguments_raise_on_every_rank():
    rng = gg.random.default_rng(SEED)
    cases = [
        (lambda: gg.random.default_rng(-1), "ValueError", "seed"),
        (lambda: gg.random.default_rng(1.5), "TypeError", "seed"),
        (lambda: rng.random(4, dtype=gg.int32), "TypeError", "float32 or float64"),
        (lambda: rng.random(-1), "ValueError", ""),
        (lambda: rng.normal(0.0, -1.0, 4), "ValueError", "scale >= 0"),
        (lambda: rng.exponential(float("inf"), 4), "ValueError", "finite scale"),
        (lambda: rng.uniform(0.0, float("nan"), 4), "ValueError", "finite high"),
        (lambda: rng.uniform(np.zeros(3), 1.0, 3), "NotImplementedError", "scalar"),
        (lambda: rng.integers(5, 5, 3), "ValueError", "low < high"),
        (lambda: rng.integers(0, 300, 3, dtype=gg.uint8), "ValueError", "to fit uint8"),
        (lambda: rng.integers(0, 3, 3, dtype=gg.float64), "TypeError", "integer or bool dtype"),
        (lambda: rng.integers(0.5, 3, 3), "TypeError", "integer low"),
        (lambda: rng.permutation(-2), "ValueError", "n >= 0"),
        (lambda: rng.permutation(gg.asarray(np.arange(4.0)), axis=1), "IndexError", "out of bounds"),
        (lambda: rng.shuffle(np.arange(4)), "TypeError", "gingham array"),
        (lambda: rng.choice(5, 6, replace=False), "ValueError", "without replacement"),
        (lambda: rng.choice(3, 2, p=[0.5, 0.5]), "ValueError", "3 probabilities"),
        (lambda: rng.choice(2, 2, p=[0.5, 0.6]), "ValueError", "summing to 1"),
        (lambda: rng.choice(2, 2, p=[1.5, -0.5]), "ValueError", ">= 0"),
        (lambda: rng.choice(0, 2), "ValueError", "empty population"),
        (lambda: rng.standard_exponential(3, method="fast"), "ValueError", "method"),
        (lambda: rng.random(3, out=np.zeros(3)), "NotImplementedError", "out="),
        (lambda: gg.random.Generator(), "TypeError", "default_rng"),
    ]
    for call, kind, text in cases:
        outcome = raised_everywhere(call)
        assert outcome is not None and outcome[0] == kind and text in outcome[1], (kind, text, outcome)
    assert rng.position == 0  # failed calls draw nothing
    assert all_ranks(True)


@pytest.mark.skipif(SIZE == 1, reason="needs ranks that can disagree")
def test_generators_that_diverged_are_caught_by_the_checking_mode():
    rng = gg.random.default_rng(SEED)
    if COMM.rank == SIZE - 1:
        rng._impl.advance(1)  # a rank-local draw the others did not make
    previous = gg.collective_checks_enabled()
    gg.set_collective_checks(True)
    try:
        outcome = raised_everywhere(lambda: rng.random(4))
    finally:
        gg.set_collective_checks(previous)
    assert outcome is not None and outcome[0] == "ValueError" and "generator" in outcome[1], outcome
