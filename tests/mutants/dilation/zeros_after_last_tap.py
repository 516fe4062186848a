# mistake: inserts d - 1 zeros after every tap, the last one included (size k*d, not d*(k-1)+1)
# caught-by: test_dilate_kernel_random
# message: after the last tap
# rule: dilate_kernel.shape
def dilate_kernel(K, d):
    dh, dw = _pair(d)
    kh, kw = K.shape[-2:]
    out = K.new_zeros((*K.shape[:-2], kh * dh, kw * dw))
    out[..., ::dh, ::dw] = K
    return out
