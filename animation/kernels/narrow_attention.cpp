/*
 * Softmax attention for narrow heads (8 or 16 channels) on the CPU, in float32.
 *
 * PyTorch's CPU flash-attention kernel runs small matrix products per block; with 8-channel heads those
 * products do almost no arithmetic per score, and the network's top level (where heads are 8 wide and
 * sequences are long) spends most of its time there. This kernel keeps a block of query rows in
 * registers, one row per vector lane, and computes the scores, their exponentials and the weighted sum
 * of values in three tight vector loops over the keys, read in place. Keys and values may come from two
 * segments: the second (the ReferenceNet tokens) can be shared by every batch element (batch stride 0),
 * so it is never repeated or concatenated.
 *
 * Written with GCC/Clang vector extensions: 16 float lanes with AVX-512 (measured 1.4x the AVX2 build on the
 * mid benchmark's top-level shape), 8 otherwise; the build adds AVX-512 or AVX2/FMA where the CPU has them.
 * Exact softmax: each row's maximum is subtracted before the exponential. Wider heads are left to
 * PyTorch's kernel, which is as fast or faster there (measured: equal at 16 channels over 512 keys,
 * half the speed of PyTorch's at 32).
 */
#include <cmath>
#include <cstdlib>
#include <cstring>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace {

#if defined(__AVX512F__)
constexpr int LANES = 16;  // one zmm register (the build adds AVX-512 where the CPU has it)
#else
constexpr int LANES = 8;  // one ymm register with AVX2; two NEON registers on ARM
#endif
typedef float vfloat __attribute__((vector_size(LANES * sizeof(float))));
typedef int vint __attribute__((vector_size(LANES * sizeof(int))));

inline vfloat splat(float x) { return vfloat{} + x; }

// exp(r) for |r| <= ln2/2 from its Taylor polynomial of degree 6 (truncation error r^7/7! < 1.2e-7).
inline vfloat exp_taylor(vfloat r) {
    vfloat p = splat(1.0f / 720.0f);
    p = p * r + splat(1.0f / 120.0f);
    p = p * r + splat(1.0f / 24.0f);
    p = p * r + splat(1.0f / 6.0f);
    p = p * r + splat(0.5f);
    p = p * r + splat(1.0f);
    return p * r + splat(1.0f);
}

#if defined(__AVX512F__)
inline vfloat vmax(vfloat a, vfloat b) { return reinterpret_cast<vfloat>(_mm512_max_ps(__m512(a), __m512(b))); }

/*
 * exp(x) for x <= 0, about 2e-7 relative error: n = round(x / ln2), r = x - n ln2 (|r| <= ln2/2), exp(r)
 * from its Taylor polynomial of degree 6 (truncation error r^7/7! < 1.2e-7) and the product with 2^n
 * from vscalefps, which gives exactly 0 once 2^n underflows (so scores of -inf need no clamp).
 */
inline vfloat vexp(vfloat x) {
    const __m512 n = _mm512_roundscale_ps(__m512(x * splat(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT);
    const vfloat r = x - vfloat(n) * splat(0.693147180559945309f);
    const vfloat p = exp_taylor(r);
    return vfloat(_mm512_scalef_ps(__m512(p), n));
}
#else
inline vfloat vmax(vfloat a, vfloat b) { return a > b ? a : b; }

/*
 * exp(x) for x <= 0, about 2e-7 relative error; inputs below -87 give exp(-87) ~ 2e-38, a weight no sum
 * of at least 1 can notice. 2^round(x/ln2) comes from the bits of x/ln2 + 1.5*2^23, and exp of the
 * remainder (|r| <= ln2/2) from its Taylor polynomial of degree 6 (truncation error r^7/7! < 1.2e-7).
 */
inline vfloat vexp(vfloat x) {
    const vfloat shifter = splat(12582912.0f);  // 1.5 * 2^23: adding it rounds to an integer in the low bits
    x = vmax(x, splat(-87.0f));
    const vfloat t = x * splat(1.44269504088896341f) + (shifter + splat(127.0f));
    const vfloat n = t - (shifter + splat(127.0f));
    const vfloat r = x - n * splat(0.693147180559945309f);
    const vfloat p = exp_taylor(r);
    // The low mantissa bits of t hold n + 127, the biased exponent of 2^n.
    return p * reinterpret_cast<vfloat>(reinterpret_cast<vint>(t) << 23);
}
#endif

struct Segment {
    const float *k, *v;
    long length;          // keys in this segment; 0 = no segment
    long k_batch, k_row;  // strides in floats; a batch stride of 0 shares the segment
    long v_batch, v_row;
};

/*
 * One (batch element, head) pair, LANES query rows at a time with one row per vector lane: the scores of
 * a key for those rows are one vector, so the row maxima, exponentials and sums need no shuffles, and
 * keys and values are read in place (one broadcast per channel). scores: [keys][LANES] scratch.
 */
template <int D>
void attend_pair(const float *q, long q_row, float *out, long out_row, long lq, const Segment *segs,
                 long batch, long head_offset, float scale, vfloat *scores) {
    for (long i0 = 0; i0 < lq; i0 += LANES) {
        const long rows = lq - i0 < LANES ? lq - i0 : LANES;
        vfloat qt[D];
        for (int c = 0; c < D; c++) {
            qt[c] = splat(0.0f);
            for (long r = 0; r < rows; r++) qt[c][r] = q[(i0 + r) * q_row + c] * scale;
        }
        vfloat row_max = splat(-INFINITY);
        long j = 0;
        for (int s = 0; s < 2; s++) {
            const Segment &g = segs[s];
            const float *kb = g.k + batch * g.k_batch + head_offset;
            for (long jj = 0; jj < g.length; jj++, j++) {
                const float *kj = kb + jj * g.k_row;
                vfloat score = qt[0] * kj[0];
                for (int c = 1; c < D; c++) score += qt[c] * kj[c];
                scores[j] = score;
                row_max = vmax(score, row_max);
            }
        }
        // One pass over the keys: the exponential of each score and its weighted values, all channels.
        vfloat total = splat(0.0f);
        vfloat acc[D] = {};
        j = 0;
        for (int s = 0; s < 2; s++) {
            const Segment &g = segs[s];
            const float *vb = g.v + batch * g.v_batch + head_offset;
            for (long jj = 0; jj < g.length; jj++, j++) {
                const float *vj = vb + jj * g.v_row;
                const vfloat p = vexp(scores[j] - row_max);
                total += p;
                for (int c = 0; c < D; c++) acc[c] += p * vj[c];
            }
        }
        const vfloat inv_total = splat(1.0f) / total;
        for (int c = 0; c < D; c++) {
            const vfloat o = acc[c] * inv_total;
            for (long r = 0; r < rows; r++) out[(i0 + r) * out_row + c] = o[r];
        }
    }
}

template <int D>
int attend_pairs(const float *q, long q_batch, long q_row, float *out, long out_batch, long out_row,
                 const Segment *segs, long batch, long heads, long lq, float scale) {
    const long keys = segs[0].length + segs[1].length;
    const long pairs = batch * heads;
    int failed = 0;
    // The pairs are shared out over PyTorch's own OpenMP threads: loaded into a process that has torch,
    // this library binds to the libgomp torch already loaded (same soname), so torch.set_num_threads
    // applies and no second pool competes for the cores.
#pragma omp parallel reduction(| : failed)
    {
        vfloat *scores = static_cast<vfloat *>(std::aligned_alloc(sizeof(vfloat), sizeof(vfloat) * keys));
        failed = scores == nullptr;
#pragma omp for schedule(static)
        for (long pair = 0; pair < pairs; pair++) {
            if (!scores) continue;
            const long b = pair / heads, offset = (pair % heads) * D;
            attend_pair<D>(q + b * q_batch + offset, q_row, out + b * out_batch + offset, out_row, lq, segs, b,
                           offset, scale, scores);
        }
        std::free(scores);
    }
    return failed ? -1 : 0;
}

}  // namespace

/*
 * Attention for every (batch element, head) pair of a [batch, heads] grid.
 * Tensors are [batch, rows, heads * head_dim] with unit stride inside a row; strides are in floats.
 * Returns 0, or -1 for an unsupported head width, no keys, or no scratch memory.
 */
extern "C" __attribute__((visibility("default"))) int narrow_attention(
    const float *q, long q_batch, long q_row, float *out, long out_batch, long out_row,  //
    const float *k1, const float *v1, long len1, long k1_batch, long k1_row, long v1_batch, long v1_row,
    const float *k2, const float *v2, long len2, long k2_batch, long k2_row, long v2_batch, long v2_row,
    long batch, long heads, long lq, long head_dim, float scale) {
    const Segment segs[2] = {{k1, v1, len1, k1_batch, k1_row, v1_batch, v1_row},
                             {k2, v2, len2, k2_batch, k2_row, v2_batch, v2_row}};
    if (len1 + len2 <= 0) return -1;
    switch (head_dim) {
    case 8:
        return attend_pairs<8>(q, q_batch, q_row, out, out_batch, out_row, segs, batch, heads, lq, scale);
    case 16:
        return attend_pairs<16>(q, q_batch, q_row, out, out_batch, out_row, segs, batch, heads, lq, scale);
    default:
        return -1;
    }
}
