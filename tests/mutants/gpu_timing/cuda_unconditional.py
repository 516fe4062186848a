# rule: compare_devices.gpu-when-there-is-one
# mistake: times on "cuda" without checking torch.cuda.is_available(): crashes without a GPU
# caught-by: test_compare_devices_matches_benchmark
# message: check torch.cuda.is_available()
def compare_devices(x_shape, w_shape):
    cpu = time_conv2d(x_shape, w_shape, "cpu")
    cuda = time_conv2d(x_shape, w_shape, "cuda")
    return {"cpu": cpu, "cuda": cuda, "speedup": cpu / cuda}
