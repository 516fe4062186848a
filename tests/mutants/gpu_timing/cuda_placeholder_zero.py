# rule: compare_devices.no-gpu-none
# mistake: without a GPU, returns 0.0 and nan as placeholders instead of None
# caught-by: test_compare_devices_matches_benchmark
# message: placeholder number
def compare_devices(x_shape, w_shape):
    cpu = time_conv2d(x_shape, w_shape, "cpu")
    if not torch.cuda.is_available():
        return {"cpu": cpu, "cuda": 0.0, "speedup": float("nan")}
    cuda = time_conv2d(x_shape, w_shape, "cuda")
    return {"cpu": cpu, "cuda": cuda, "speedup": cpu / cuda}
