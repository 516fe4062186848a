# %% [markdown]
# # The unit quiz: the ideas behind convolution
#
# Twenty-five questions on why convolutional layers look the way they do: how many
# weights a fully connected layer would need, what locality and weight sharing each buy
# and cost, translation equivariance and invariance, channels and 1x1 convolutions,
# parameter counts, output shapes with padding, stride and dilation, receptive fields,
# stacks of small kernels against one large kernel, a fully connected layer as a
# full-size convolution, average against max pooling and pooling with padding, receptive
# fields of dilated stacks and gridding, why kernels are odd-sized, 1-D convolution over
# text, transposed-convolution sizes, why "deconvolution" is a loose name, and the cost
# in multiply-adds.
#
# **Your numbers are your own.** Most questions take their numbers from your student
# id, so your neighbour's answers are not yours. In JupyterHub your login is used; on
# your own machine set it first, e.g. `export AUTOGRADER_STUDENT=your_login` (or
# `os.environ["AUTOGRADER_STUDENT"] = "your_login"` in the first cell). Run the next
# cells to see your variant.
#
# **How to answer.** Fill in `answers()` below: a dict from question id to answer.
# Integers as `int`, numbers as `float` (within 0.1 %), shapes as a tuple of ints (and
# several counts asked at once as a tuple of ints, in the order asked), a single choice
# as one letter (`"b"`), a multiple choice as a tuple of the letters of every true
# statement (`("a", "c")`; each statement is graded on its own, so a half-right answer
# earns about half). Some choice questions show their options in an order of your own:
# answer with the letters your notebook shows. For example:
#
# ```python
# return {"fc_weights": 123, "output_shape": (1, 2, 3, 4), "equivariance": "b",
#         "invariance": ("a", "c"), ...}
# ```
#
# A popular wrong idea, corrected: a convolution is *equivariant* to translation (shift
# the input, the output shifts the same way), not invariant; approximate invariance to
# small shifts comes from pooling. And PyTorch's `padding` is per side: `padding=1` adds
# a row above *and* below.

# %%
from autograder.quiz import Question, show, student_id

COURSE = "d2l-conv2d"
SIDES = (128, 224, 256, 299, 320, 384, 448, 512, 640, 768, 1024, 2048, 3000, 4000)

QUESTIONS = [
    Question(
        "fc_weights", "integer", 1,
        "A fully connected layer maps an RGB image of {h} x {w} pixels, flattened, to "
        "{hidden} hidden units. How many weights does it have (no biases)?",
        {"h": SIDES, "w": SIDES, "hidden": (64, 100, 128, 256, 500, 1000)},
    ),
    Question(
        "fc_ratio", "number", 1,
        "Same kind of image, {h} x {w} RGB: a fully connected layer to {hidden} units "
        "against nn.Conv2d(3, {hidden}, kernel_size={k}), both without biases. How many "
        "times more weights does the fully connected layer have?",
        {"h": SIDES, "w": SIDES, "hidden": (16, 32, 64, 100), "k": (3, 5, 7)},
        rel_tol=1e-3,
    ),
    Question(
        "conv_params", "integer", 1,
        "How many parameters does nn.Conv2d({cin}, {cout}, kernel_size=({kh}, {kw})) have "
        "(with its bias)?",
        {"cin": (1, 3, 8, 16, 32, 64), "cout": (4, 8, 16, 32, 128), "kh": (1, 3, 5),
         "kw": (1, 3, 5, 7)},
    ),
    Question(
        "one_by_one", "integer", 1,
        "A 1x1 convolution maps {cin} channels to {cout} channels, without a bias. How "
        "many weights does it have?",
        {"cin": (16, 32, 64, 96, 192, 256), "cout": (8, 16, 32, 64, 128)},
    ),
    Question(
        "output_shape", "shape", 1,
        "An input of shape (N, C, H, W) = ({n}, {cin}, {h}, {w}) goes through "
        "nn.Conv2d({cin}, {cout}, kernel_size=({kh}, {kw}), padding=({ph}, {pw}), "
        "stride=({sh}, {sw})). What is the output's shape?",
        {"n": (1, 2, 4, 8), "cin": (1, 3, 16), "cout": (2, 8, 32), "h": range(8, 40),
         "w": range(8, 40), "kh": (1, 2, 3, 5), "kw": (1, 3, 4, 5), "ph": (0, 1, 2),
         "pw": (0, 1, 2), "sh": (1, 2, 3), "sw": (1, 2, 4)},
        ndim=4,
    ),
    Question(
        "dilated_size", "integer", 1,
        "What is the effective size (one side) of a {k} x {k} kernel with dilation {d}?",
        {"k": (2, 3, 5, 7), "d": (2, 3, 4, 6)},
    ),
    Question(
        "dilated_output", "shape", 1,
        "A {h} x {w} input, a {k} x {k} kernel with dilation {d}, padding {p}, stride 1: "
        "what is the output's (height, width)?",
        {"h": range(20, 64), "w": range(20, 64), "k": (3, 5), "d": (2, 3, 4), "p": (0, 1, 2)},
        ndim=2,
    ),
    Question(
        "receptive_field", "integer", 1,
        "Three convolutions in a row: 3x3 with stride {s1}, then {k2}x{k2} with stride 1, "
        "then 3x3 with stride 1. How many input pixels wide is the receptive field of one "
        "output pixel of the last layer?",
        {"s1": (1, 2, 3), "k2": (3, 5)},
    ),
    Question(
        "transposed_size", "integer", 1,
        "nn.ConvTranspose2d with kernel_size={k}, stride={s}, padding={p} and "
        "output_padding={op} on a {n} x {n} input: what is the output's side?",
        {"k": (2, 3, 4, 5), "s": (2, 3), "p": (0, 1), "op": (0, 1), "n": range(4, 33)},
    ),
    Question(
        "mult_adds", "integer", 1,
        "A convolution with {c} input and {c} output channels and a {k} x {k} kernel, "
        "padded to keep a {h} x {h} image the same size (stride 1). How many "
        "multiply-adds does one forward pass on one image take (ignore the bias)?",
        {"c": (16, 32, 64, 128, 256), "k": (1, 3, 5), "h": (28, 32, 56, 64, 128, 256)},
    ),
    Question(
        "locality_weights", "shape", 1,
        "A layer maps a {h} x {w} one-channel image to a {h} x {w} output, without a bias. "
        "How many weights does it have: fully connected; with translation invariance alone "
        "(one weight per offset between an output pixel and an input pixel); and with "
        "locality as well (offsets from -{delta} to {delta} in each direction)? A tuple "
        "(dense, shared, local).",
        {"h": (12, 16, 28, 32, 48, 64, 96, 100), "w": (12, 16, 28, 32, 48, 64, 96, 100),
         "delta": (1, 2, 3, 4, 5)},
        ndim=3,
    ),
    Question(
        "small_stack", "shape", 1,
        "{n} convolutions with {k} x {k} kernels (stride 1, one channel in and out, no "
        "bias) are stacked. How wide is the receptive field of one output pixel of the "
        "last layer, how many weights does the stack have, and how many would one layer "
        "with a kernel as wide as that field have? A tuple (side, stack, one layer).",
        {"n": (2, 3, 4, 5), "k": (2, 3, 5, 7)},
        ndim=3,
    ),
    Question(
        "fc_as_conv", "shape", 1,
        "A fully connected layer from a {h} x {w} feature map with {c} channels (flattened) "
        "to {units} units is written as one nn.Conv2d whose kernel covers the whole map. "
        "What is the shape of that convolution's weight?",
        {"h": (5, 6, 7, 9, 13), "w": (5, 6, 7, 9, 13), "c": (64, 128, 256, 512),
         "units": (10, 100, 1000, 4096)},
        ndim=4,
    ),
    Question(
        "pool_padding", "integer", 1,
        "nn.MaxPool2d(kernel_size={k}, stride={s}, padding={p}) on a {n} x {n} input: what "
        "is the output's side?",
        {"k": (4, 5, 6, 7), "s": (1, 2), "p": (1, 2), "n": range(7, 40)},
    ),
    Question(
        "dilated_stack", "integer", 1,
        "3 x 3 convolutions (stride 1) with dilations {ds} are stacked, in that order. How "
        "many input pixels wide is the receptive field of one output pixel of the last "
        "layer?",
        {"ds": ((1, 2, 4), (1, 2, 4, 8), (1, 2, 3), (1, 2, 5), (1, 3, 9), (1, 2, 5, 9),
                (2, 4, 8), (1, 1, 2, 4), (1, 2, 4, 8, 16), (1, 3, 5), (1, 2, 3, 5))},
    ),
    Question(
        "text_conv_params", "integer", 1,
        "A sentence of {n} tokens, each a {d}-dimensional embedding, enters "
        "nn.Conv1d({d}, {c}, kernel_size={w}) as a tensor of shape (1, {d}, {n}). How many "
        "parameters does the layer have (with its bias)?",
        {"n": range(8, 61), "d": (50, 64, 100, 128, 300), "c": (16, 32, 64, 100),
         "w": (2, 3, 4, 5)},
    ),
    Question(
        "text_conv_shape", "shape", 1,
        "A sentence of {n} tokens with {d}-dimensional embeddings goes, as a tensor of "
        "shape (1, {d}, {n}), through nn.Conv1d({d}, {c}, kernel_size={w}) (no padding, "
        "stride 1). What is the output's shape?",
        {"n": range(8, 61), "d": (50, 64, 100, 128, 300), "c": (16, 32, 64, 100),
         "w": (2, 3, 4, 5)},
        ndim=3,
    ),
    Question(
        "equivariance", "single", 1,
        "An image is shifted one pixel to the right (away from the borders nothing else "
        "changes). What happens to the output of a convolutional layer?",
        options={
            "a": "nothing: the output is the same",
            "b": "it shifts one pixel to the right as well",
            "c": "it is mirrored",
            "d": "it changes in a way that depends on the kernel",
        },
    ),
    Question(
        "channels_1x1", "single", 1,
        "What does a 1x1 convolution compute?",
        options={
            "a": "the same fully connected layer across channels, at every pixel",
            "b": "an average over each 1x1 window, that is, the identity",
            "c": "a blur of each channel",
            "d": "a pooling that halves height and width",
        },
    ),
    Question(
        "invariance", "multiple", 2,
        "Which statements are true?",
        options={
            "a": "a convolution is equivariant to translation",
            "b": "max pooling makes a network approximately invariant to small shifts",
            "c": "a convolutional layer is exactly invariant to translation",
            "d": "sharing weights across positions increases the number of parameters",
        },
    ),
    Question(
        "locality", "multiple", 2,
        "Which statements about deriving a convolution from a fully connected layer are "
        "true?",
        options={
            "a": "translation invariance (weight sharing) makes the number of weights "
            "independent of the image size",
            "b": "the price of locality: one layer sees only its window, so relating "
            "far-apart pixels takes several layers",
            "c": "locality reduces the number of weights, translation invariance does not",
            "d": "a convolutional layer can learn a different detector for each position "
            "of the image",
        },
        shuffle=True,
    ),
    Question(
        "pooling_kind", "single", 1,
        "A network must report whether a feature is present anywhere in each 2 x 2 "
        "window, whatever its exact position there. Which pooling suits, and why?",
        options={
            "a": "max pooling: one strong response survives wherever it is in the window",
            "b": "average pooling: one strong response is kept at full strength",
            "c": "average pooling, because max pooling passes no gradient back",
            "d": "either: max and average pooling give the same output on every window",
        },
        shuffle=True,
    ),
    Question(
        "gridding", "single", 1,
        "Three 3 x 3 convolutions, each with dilation 2, are stacked. Which input pixels "
        "can one output pixel of the last layer depend on?",
        options={
            "a": "only those at an even row and column offset from it: a grid with holes "
            "over the 13 x 13 square around it (gridding)",
            "b": "every pixel of the 13 x 13 square around it",
            "c": "every pixel of the 7 x 7 square around it",
            "d": "only the 3 x 3 pixels around it: dilation does not widen a stack's field",
        },
        shuffle=True,
    ),
    Question(
        "odd_kernels", "single", 1,
        "Why are kernels usually odd-sized (3, 5, 7)?",
        options={
            "a": "an odd kernel has a centre pixel: padding (k - 1) / 2 on each side keeps "
            "the size, the same on both sides, and each output lines up with an input pixel",
            "b": "even kernels cannot be trained by gradient descent",
            "c": "an odd kernel takes fewer multiply-adds than the even kernel one smaller",
            "d": "PyTorch accepts only odd kernel sizes",
        },
        shuffle=True,
    ),
    Question(
        "deconvolution", "multiple", 2,
        "Transposed convolution is often called \"deconvolution\". Which statements are "
        "true?",
        options={
            "a": "a transposed convolution is the adjoint of a convolution (what carries the "
            "gradient back to its input); it does not undo the convolution",
            "b": "nn.ConvTranspose2d with the same kernel gives back the input of nn.Conv2d",
            "c": "with stride 2 it enlarges its input, hence the name upsampling",
            "d": "in deep learning, \"deconvolution\" means the inverse of a convolution, "
            "as in signal processing",
        },
        shuffle=True,
    ),
]

# %% [markdown]
# Your variant of every question:

# %%
show(COURSE, QUESTIONS)


# %%
def answers() -> dict[str, object]:
    """Your answers, by question id (see the forms above)."""
    ### BEGIN SOLUTION
    from autograder.quiz import shown_letter, variant

    v = {q.id: variant(COURSE, student_id(), q) for q in QUESTIONS}

    def letters(qid: str, written: str) -> object:
        """The options written as ``written``, in this student's letters."""
        (q,) = [q for q in QUESTIONS if q.id == qid]
        shown = tuple(shown_letter(COURSE, student_id(), q, w) for w in written)
        return shown if q.kind == "multiple" else shown[0]

    def out(n: int, k: int, p: int = 0, s: int = 1, d: int = 1) -> int:
        return (n + 2 * p - d * (k - 1) - 1) // s + 1

    fc, ratio, conv = v["fc_weights"], v["fc_ratio"], v["conv_params"]
    shape, dil, tr = v["output_shape"], v["dilated_output"], v["transposed_size"]
    rf, ma = v["receptive_field"], v["mult_adds"]
    lw, st, fc_c, pp = v["locality_weights"], v["small_stack"], v["fc_as_conv"], v["pool_padding"]
    tp, ts = v["text_conv_params"], v["text_conv_shape"]
    side = st["n"] * (st["k"] - 1) + 1
    # Receptive field: r grows by (k - 1) * jump, jump by the stride, layer by layer.
    r, jump = 1, 1
    for k, s in ((3, rf["s1"]), (rf["k2"], 1), (3, 1)):
        r, jump = r + (k - 1) * jump, jump * s
    return {
        "fc_weights": fc["h"] * fc["w"] * 3 * fc["hidden"],
        "fc_ratio": (ratio["h"] * ratio["w"] * 3) / (3 * ratio["k"] ** 2),
        "conv_params": conv["cout"] * conv["cin"] * conv["kh"] * conv["kw"] + conv["cout"],
        "one_by_one": v["one_by_one"]["cin"] * v["one_by_one"]["cout"],
        "output_shape": (
            shape["n"],
            shape["cout"],
            out(shape["h"], shape["kh"], shape["ph"], shape["sh"]),
            out(shape["w"], shape["kw"], shape["pw"], shape["sw"]),
        ),
        "dilated_size": v["dilated_size"]["k"] + (v["dilated_size"]["k"] - 1)
        * (v["dilated_size"]["d"] - 1),
        "dilated_output": (
            out(dil["h"], dil["k"], dil["p"], 1, dil["d"]),
            out(dil["w"], dil["k"], dil["p"], 1, dil["d"]),
        ),
        "receptive_field": r,
        "transposed_size": (tr["n"] - 1) * tr["s"] - 2 * tr["p"] + tr["k"] + tr["op"],
        "mult_adds": ma["h"] * ma["h"] * ma["c"] * ma["c"] * ma["k"] ** 2,
        # (h*w)^2 weights; one per offset, 2h-1 by 2w-1 of them; a (2 delta + 1)^2 window.
        "locality_weights": ((lw["h"] * lw["w"]) ** 2, (2 * lw["h"] - 1) * (2 * lw["w"] - 1),
                             (2 * lw["delta"] + 1) ** 2),
        # Each layer widens the field by k - 1.
        "small_stack": (side, st["n"] * st["k"] ** 2, side**2),
        "fc_as_conv": (fc_c["units"], fc_c["c"], fc_c["h"], fc_c["w"]),
        "pool_padding": out(pp["n"], pp["k"], pp["p"], pp["s"]),
        # A 3x3 kernel with dilation d widens the field by 2d.
        "dilated_stack": 1 + 2 * sum(v["dilated_stack"]["ds"]),
        "text_conv_params": tp["c"] * tp["d"] * tp["w"] + tp["c"],
        "text_conv_shape": (1, ts["c"], out(ts["n"], ts["w"])),
        "equivariance": "b",
        "channels_1x1": "a",
        "invariance": ("a", "b"),
        "locality": letters("locality", "ab"),
        "pooling_kind": letters("pooling_kind", "a"),
        "gridding": letters("gridding", "a"),
        "odd_kernels": letters("odd_kernels", "a"),
        "deconvolution": letters("deconvolution", "ac"),
    }
    ### END SOLUTION


# %% [markdown]
# ## Two questions in your own words (graded by hand)
#
# **why_not_max.** Average pooling can be written as a convolution. Why can max pooling
# not? Two or three sentences. (Hint: what kind of function of the window is a
# convolution?)

# %% [markdown]
# <!-- free-text: why_not_max, 2 points -->
# YOUR ANSWER HERE

# %% [markdown]
# **dilation_or_bigger.** To see a wider context, why use a dilated 3x3 kernel rather
# than a plain kernel as large as its effective size? Name one gain and one cost.

# %% [markdown]
# <!-- free-text: dilation_or_bigger, 2 points -->
# YOUR ANSWER HERE

# %% [markdown]
# Check the form of your answers with `pytest tests/public/test_unit_quiz.py`, or run the
# cell below in the notebook. The values are checked only when your work is graded.
#
# In a notebook, any cell can run `check("unit_quiz")`. A cell that runs checks is not
# counted as your work.

# %%
if __name__ == "__main__":
    from autograder.checks.selfcheck import check

    check("unit_quiz")
