# rule: time_conv2d.cuda-synchronized
# mistake: time_conv2d passes no sync on a CUDA device, so it times the launch, not the kernel. Kept out of the mutants verify runs: only a machine with CUDA catches it (the check times the GPU for real); move it up one folder there, or once the worker has an emulated CUDA device
# caught-by: test_compare_devices_matches_benchmark
# message: synchronize (torch.cuda.synchronize) before every clock read
def time_conv2d(x_shape, w_shape, device, **conv_kwargs):
    device = torch.device(device)
    x = torch.randn(x_shape, device=device)
    w = torch.randn(w_shape, device=device)
    with torch.no_grad():
        return float(time_fn(lambda: F.conv2d(x, w, **conv_kwargs))["median"])
