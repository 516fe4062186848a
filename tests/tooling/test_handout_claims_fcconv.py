"""The numbers of exercise 5's sections on fully connected layers and convolutions
(5.4 and 5.5), recomputed: the text must say what a computation gives."""

from __future__ import annotations

from pathlib import Path

import torch
import torch.nn.functional as F

from .handouts import handout_text, reference

ROOT = Path(__file__).resolve().parents[2]


def _handout() -> str:
    return handout_text("conv_as_matmul")


def _reference():
    return reference("conv_as_matmul")


def _dense_from_offsets(V: torch.Tensor, h: int, w: int) -> torch.Tensor:
    """The dense layer W[i, j, k, m] = V[k - i, m - j] on an (h, w) image; V is indexed
    by offset + (h - 1, w - 1), so it has shape (2h - 1, 2w - 1)."""
    i, j, k, m = torch.meshgrid(*(torch.arange(n) for n in (h, w, h, w)), indexing="ij")
    return V[k - i + h - 1, m - j + w - 1]


def test_translation_invariance_leaves_one_weight_per_offset() -> None:
    text = _handout()
    h, w = 4, 6
    i, j, k, m = torch.meshgrid(*(torch.arange(n) for n in (h, w, h, w)), indexing="ij")
    offsets = set(zip((k - i).flatten().tolist(), (m - j).flatten().tolist(), strict=True))
    assert len(offsets) == (2 * h - 1) * (2 * w - 1)
    assert (h * w) ** 2 == i.numel()  # the dense layer's count
    # The shared dense layer is a cross-correlation with V, zero padding h-1 and w-1.
    V = torch.randn(2 * h - 1, 2 * w - 1, dtype=torch.float64)
    X = torch.randn(h, w, dtype=torch.float64)
    dense = torch.einsum("ijkl,kl->ij", _dense_from_offsets(V, h, w), X)
    conv = F.conv2d(X[None, None], V[None, None], padding=(h - 1, w - 1))[0, 0]
    assert torch.allclose(dense, conv)
    # The handout's 1000 x 1000 image.
    assert (1000 * 1000) ** 2 == 10**12 and "$10^{12}$" in text
    assert (2 * 1000 - 1) ** 2 == 1999**2 == 3_996_001 and "$1999^2 = 3{,}996{,}001$" in text


def test_locality_leaves_a_small_kernel() -> None:
    text = _handout()
    h, w, delta = 7, 9, 2
    V = torch.randn(2 * h - 1, 2 * w - 1, dtype=torch.float64)
    a = torch.arange(-(h - 1), h).abs().view(-1, 1)
    b = torch.arange(-(w - 1), w).abs().view(1, -1)
    V = V * ((a <= delta) & (b <= delta))
    X = torch.randn(h, w, dtype=torch.float64)
    dense = torch.einsum("ijkl,kl->ij", _dense_from_offsets(V, h, w), X)
    small = V[h - 1 - delta : h + delta, w - 1 - delta : w + delta]  # offsets -delta..delta
    assert small.shape == (2 * delta + 1, 2 * delta + 1)
    assert torch.allclose(dense, F.conv2d(X[None, None], small[None, None], padding=delta)[0, 0])
    assert (2 * 5 + 1) ** 2 == 121 and "$(2\\Delta + 1)^2 = 121$ weights for $\\Delta = 5$" in text


def test_a_stack_of_3x3_layers_sees_2L_plus_1_pixels() -> None:
    text = _handout()
    for layers in (1, 2, 5):
        X = torch.zeros(1, 1, 41, 41, requires_grad=True)
        Y = X
        for _ in range(layers):
            Y = F.conv2d(Y, torch.ones(1, 1, 3, 3), padding=1)
        Y[0, 0, 20, 20].backward()
        seen = int((X.grad[0, 0, 20] != 0).sum())  # type: ignore[index]
        assert seen == 2 * layers + 1
    assert min(L for L in range(1, 500) if 2 * L + 1 >= 224) == 112
    assert "$2L + 1$, so 112 such layers" in text


def test_the_vgg_example_and_the_fully_convolutional_map() -> None:
    text = _handout()
    fc_as_conv_weight = _reference().fc_as_conv_weight
    weight = torch.empty(4096, 7 * 7 * 512, device="meta")
    kernel = fc_as_conv_weight(weight, (512, 7, 7))
    assert tuple(kernel.shape) == (4096, 512, 7, 7)
    assert kernel.numel() == weight.numel() == 7 * 7 * 512 * 4096 == 102_760_448
    assert 7 * 7 * 512 == 25_088
    assert "$7 \\cdot 7 \\cdot 512 \\cdot 4096 = 102{,}760{,}448$" in text
    assert "$4096 \\times 25{,}088$" in text
    one = F.conv2d(torch.empty(1, 512, 7, 7, device="meta"), kernel)
    assert tuple(one.shape) == (1, 4096, 1, 1)
    # 384 x 384 pixels: a 12 x 12 volume (the network divides by 32), a 6 x 6 map.
    assert 384 // 32 == 12 and 224 // 32 == 7
    big = F.conv2d(torch.empty(1, 512, 12, 12, device="meta"), kernel)
    assert tuple(big.shape) == (1, 4096, 6, 6)
    crops = range(0, 384 - 224 + 1, 32)  # the top-left corners of the 224-pixel crops
    assert len(crops) ** 2 == 36 and crops[-1] + 224 == 384
    assert "$6 \\times 6$ **map of outputs**" in text and "36 crops" in text


def test_the_reference_kernel_computes_the_linear_layer_and_slides() -> None:
    ref = _reference()
    outputs, C, H, W = 3, 2, 3, 4
    weight = torch.randn(outputs, C * H * W, dtype=torch.float64)
    b = torch.randn(outputs, dtype=torch.float64)
    kernel = ref.fc_as_conv_weight(weight, (C, H, W))
    x = torch.randn(2, C, H + 2, W + 3, dtype=torch.float64)
    out = F.conv2d(x, kernel, b)
    for i in range(3):
        for j in range(4):
            window = x[:, :, i : i + H, j : j + W].flatten(1)
            assert torch.allclose(out[:, :, i, j], F.linear(window, weight, b))
    assert torch.equal(ref.conv_as_fc_weight(kernel), weight)


def test_alexnets_last_convolution_gives_6x6x256() -> None:
    """AlexNet's layer sizes (227-pixel input, as its first layer's arithmetic needs),
    on the meta device: the volume before its first fully connected layer."""
    assert "AlexNet's own last convolution gives $6 \\times 6 \\times 256$" in _handout()
    x = torch.empty(1, 3, 227, 227, device="meta")

    def conv(x: torch.Tensor, out: int, k: int, stride: int = 1, pad: int = 0) -> torch.Tensor:
        return F.conv2d(x, torch.empty(out, x.shape[1], k, k, device="meta"), None, stride, pad)

    x = F.max_pool2d(conv(x, 96, 11, stride=4), 3, 2)  # 55 -> 27
    x = F.max_pool2d(conv(x, 256, 5, pad=2), 3, 2)  # 27 -> 13
    x = conv(conv(conv(x, 384, 3, pad=1), 384, 3, pad=1), 256, 3, pad=1)
    assert tuple(F.max_pool2d(x, 3, 2).shape) == (1, 256, 6, 6)


def test_the_map_matches_the_crops_except_where_padding_differs() -> None:
    """A padded 3x3 layer, then a fully connected layer on its 4x4 output, as a map over a
    7x7 image: output (0, 0) is its top-left crop's answer only without the padding."""
    assert "up to the borders" in _handout()
    fc_as_conv_weight = _reference().fc_as_conv_weight
    torch.manual_seed(0)
    image = torch.randn(1, 1, 7, 7, dtype=torch.float64)
    K = torch.randn(1, 1, 3, 3, dtype=torch.float64)
    for padding, crop_size, equal in ((1, 4, False), (0, 6, True)):
        n = crop_size - 2 + 2 * padding  # the volume's size for one crop
        weight = torch.randn(2, n * n, dtype=torch.float64)
        head = fc_as_conv_weight(weight, (1, n, n))
        volume = F.conv2d(image, K, padding=padding)
        whole = F.conv2d(volume, head)  # the map over the whole image
        assert whole.shape[-1] > 1  # a map, not one output
        crop = F.conv2d(image[:, :, :crop_size, :crop_size], K, padding=padding)
        alone = F.linear(crop.flatten(1), weight)
        assert torch.allclose(whole[:, :, 0, 0], alone) is equal
