"""The library operations this course's exercises may forbid (course.yml's
``forbidden:`` names these families), each with what recognises it: the library objects
the static scan resolves names to, and what the worker records for a traced call. The
scan itself is generic (``autograder.checks.forbidden``); this table is the course's."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OpFamily:
    """A family of library operations with its static names and dynamic operators."""

    name: str
    description: str
    # Names of the family's library objects (torch.nn.functional.conv2d, nn.Conv2d); also
    # a method of this name on a value the scan cannot type (loss.backward()), unless the
    # submission defines that name itself.
    names: frozenset[str]
    # Names of library objects that are also harmless tensor methods: forbidden as
    # F.unfold or torch.autograd.grad, never as x.unfold, x.grad or torch.Tensor.unfold.
    qualified_names: frozenset[str]
    # What the worker records for a traced call: ATen operator names (without overload)
    # and, for autograd, which has no operator of its own, the entry points it called
    # (executor's AUTOGRAD_ENTRY_POINTS: "autograd.backward", "func.grad", ...).
    aten_ops: frozenset[str]


# The names the worker records when a traced call enters autograd (see
# autograder.worker.executor._AutogradRecorder): each public entry point, and the engine
# itself, which catches an entry point bound before the call (from torch.autograd import grad).
AUTOGRAD_ENTRY_POINTS = frozenset(
    {
        "autograd.backward",
        "autograd.grad",
        "autograd.engine",
        *(f"autograd.functional.{n}" for n in ("vjp", "jvp", "jacobian", "hessian", "vhp", "hvp")),
        *(
            f"func.{n}"
            for n in ("grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian")
        ),
        "func.linearize",
    }
)

FAMILIES: dict[str, OpFamily] = {
    family.name: family
    for family in (
        OpFamily(
            "convolution",
            "the library convolution (F.conv2d, torch.conv2d, nn.Conv2d, ...)",
            frozenset(
                {
                    "conv1d",
                    "conv2d",
                    "conv3d",
                    "convolution",
                    "_convolution",
                    "Conv1d",
                    "Conv2d",
                    "Conv3d",
                    "cudnn_convolution",
                    "mkldnn_convolution",
                    "conv_tbc",
                    "_conv_forward",
                }
            ),
            frozenset(),
            frozenset(
                {
                    "convolution",
                    "_convolution",
                    "conv2d",
                    "conv1d",
                    "conv3d",
                    "cudnn_convolution",
                    "mkldnn_convolution",
                    "_slow_conv2d_forward",
                    "slow_conv_dilated2d",
                    "_nnpack_spatial_convolution",
                    "conv_tbc",
                }
            ),
        ),
        OpFamily(
            "conv_transpose",
            "the library transposed convolution (F.conv_transpose2d, nn.ConvTranspose2d)",
            frozenset(
                {
                    "conv_transpose1d",
                    "conv_transpose2d",
                    "conv_transpose3d",
                    "ConvTranspose1d",
                    "ConvTranspose2d",
                    "ConvTranspose3d",
                    "convolution",
                    "_convolution",
                }
            ),
            frozenset(),
            frozenset(
                {
                    "convolution",
                    "_convolution",
                    "conv_transpose2d",
                    "conv_transpose1d",
                    "slow_conv_transpose2d",
                    "cudnn_convolution_transpose",
                    "mkldnn_convolution",
                }
            ),
        ),
        OpFamily(
            "unfold",
            "the library im2col (F.unfold, nn.Unfold, F.fold)",
            frozenset({"Unfold", "Fold", "im2col", "col2im"}),
            frozenset({"unfold", "fold"}),
            frozenset({"im2col", "col2im"}),
        ),
        OpFamily(
            "pooling",
            "the library pooling (F.max_pool2d, F.avg_pool2d, nn.MaxPool2d, ...)",
            frozenset(
                {
                    "max_pool1d",
                    "max_pool2d",
                    "max_pool3d",
                    "avg_pool1d",
                    "avg_pool2d",
                    "avg_pool3d",
                    "max_pool2d_with_indices",
                    "max_unpool2d",
                    "adaptive_max_pool2d",
                    "adaptive_avg_pool2d",
                    "MaxPool2d",
                    "AvgPool2d",
                    "AdaptiveMaxPool2d",
                    "AdaptiveAvgPool2d",
                    "MaxUnpool2d",
                    "max_pool2d_with_indices_backward",
                    "avg_pool2d_backward",
                }
            ),
            frozenset(),
            frozenset(
                {
                    "max_pool2d",
                    "max_pool2d_with_indices",
                    "avg_pool2d",
                    "max_pool2d_with_indices_backward",
                    "avg_pool2d_backward",
                    "adaptive_max_pool2d",
                    "_adaptive_avg_pool2d",
                    "max_unpool2d",
                    "mkldnn_max_pool2d",
                }
            ),
        ),
        OpFamily(
            "autograd",
            "automatic differentiation (.backward(), torch.autograd.grad, torch.func)",
            frozenset(
                {
                    "backward",
                    "jacrev",
                    "jacfwd",
                    "grad_and_value",
                    "jacobian",
                    "hessian",
                    "vhp",
                    "hvp",
                    "linearize",
                }
            ),
            frozenset({"grad", "vjp", "jvp"}),
            AUTOGRAD_ENTRY_POINTS,
        ),
    )
}
