# rule: time_conv2d.device-forms
# mistake: treats device as a string (device.startswith), so a torch.device fails
# caught-by: test_time_conv2d_accepts_a_torch_device
# message: must accept a torch.device
def time_conv2d(x_shape, w_shape, device, **conv_kwargs):
    x = torch.randn(x_shape, device=device)
    w = torch.randn(w_shape, device=device)
    sync = torch.cuda.synchronize if device.startswith("cuda") else None
    with torch.no_grad():
        return float(time_fn(lambda: F.conv2d(x, w, **conv_kwargs), sync=sync)["median"])
