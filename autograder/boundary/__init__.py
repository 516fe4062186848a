"""The trust boundary: the wire format, the transports, and the submission proxy
through which checks call student code. Only data crosses; objects stay as handles."""
