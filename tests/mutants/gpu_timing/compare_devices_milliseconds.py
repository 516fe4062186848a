# rule: compare_devices.seconds
# mistake: compare_devices reports the CPU time in milliseconds, not seconds
# caught-by: test_compare_devices_matches_benchmark
# message: milliseconds
def compare_devices(x_shape, w_shape):
    cpu = time_conv2d(x_shape, w_shape, "cpu") * 1000
    if not torch.cuda.is_available():
        return {"cpu": cpu, "cuda": None, "speedup": None}
    cuda = time_conv2d(x_shape, w_shape, "cuda") * 1000
    return {"cpu": cpu, "cuda": cuda, "speedup": cpu / cuda}
