# mistake: quiz q3 forgets that elapsed_time is in milliseconds (answers a and d only)
# caught-by: test_quiz_cuda_events
# message: quiz q3_cuda_events
def quiz():
    return {
        "q1_loop_on_gpu": "b",
        "q2_cudnn_benchmark": "b",
        "q3_cuda_events": ("a", "d"),
    }
