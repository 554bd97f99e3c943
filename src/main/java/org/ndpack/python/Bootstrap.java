package org.ndpack.python;

/**
 * The Python half of the bridge: source run once, at start, in the private module
 * {@code _ndpack} (registered in {@code sys.modules}). The C functions {@code _export},
 * {@code _interface} and {@code _describe_array} are FFM upcall stubs that {@link ToPython} puts into the module before
 * this runs.
 *
 * <p>Where the interpreter has vectorcall (3.9+), {@code __dlpack__} is then replaced by a C method
 * ({@link ToPython#installDlpackMethod}): consumers call it without a Python frame, and it passes
 * any call it does not answer itself to the Python method defined here.
 *
 * <p>Why a Python class around two C functions, rather than a type built with
 * {@code PyType_FromSpec}: the argument protocol of {@code __dlpack__} (keyword-only arguments,
 * defaults, tuples to unpack, the exception types consumers expect) is a few readable lines of
 * Python, and would be a page of C-API calls from Java; only the part that must touch Java (make
 * the capsule) crosses into an upcall, with plain integers.
 */
final class Bootstrap {
    private Bootstrap() {
    }

    static final String MODULE = "_ndpack";

    static final String SOURCE = """
            import sys
            EMPTY = ()
            MAX_VERSION_KWARGS = {'max_version': (1, 3)}
            MAX_VERSION = (1, 3)
            MAX_VERSION_KWNAMES = (sys.intern('max_version'),)
            DLPACK_NAME = sys.intern('__dlpack__')
            TOKEN_NAME = sys.intern('_token')
            PIN_NAME = sys.intern('_pin')
            del sys


            def describe_exception(t, v, tb):
                try:
                    name = t.__qualname__
                    if t.__module__ not in ('builtins', '__main__'):
                        name = t.__module__ + '.' + name
                except Exception:
                    name = repr(t)
                try:
                    message = str(v)
                except Exception as e:
                    message = '<str() of the exception failed: %s>' % type(e).__name__
                try:
                    import traceback
                    text = ''.join(traceback.format_exception(t, v, tb))
                except Exception:
                    text = name + (': ' + message if message else '') + '\\n'
                return name, message, text


            def type_name(o):
                t = type(o)
                if t.__module__ in ('builtins', '__main__'):
                    return t.__qualname__
                return t.__module__ + '.' + t.__qualname__


            class NDArray:
                \"""An ndpack array shared with Python, without a copy, through DLPack.

                Hand it to numpy.from_dlpack, torch.from_dlpack or any DLPack consumer. The
                memory stays valid for as long as a consumer holds it, even if Java closes the
                array; a consumer that comes after Java closed the array gets BufferError.
                \"""
                __slots__ = ('_token', '_pin', '__weakref__')

                # (Python.toPython makes instances without calling this: it allocates one with
                # PyType_GenericNew and sets _token alone, sparing a Python frame per export.)
                def __init__(self, token):
                    self._token = token
                    self._pin = None

                def __dlpack__(self, stream=None, *, max_version=None, dl_device=None, copy=None):
                    if stream is None and dl_device is None and copy is None and type(max_version) is tuple:
                        # the call of NumPy's and PyTorch's from_dlpack, in as few steps as
                        # possible; anything else takes the general path below
                        major, minor = max_version
                        if type(major) is int and type(minor) is int:
                            return _export(self._token, major, minor)
                    if stream is not None and stream != -1:
                        raise BufferError('ndpack arrays live in CPU memory: stream must be None, not %r'
                                          % (stream,))
                    if max_version is None:
                        major, minor = -1, -1
                    else:
                        major, minor = max_version
                    if dl_device is None and copy is None:
                        return _export(self._token, int(major), int(minor))
                    if dl_device is None:
                        device_type, device_id = -1, -1
                    else:
                        device_type, device_id = dl_device
                    return _export(self._token, int(major), int(minor), int(device_type), int(device_id),
                                   -1 if copy is None else int(bool(copy)))

                def __dlpack_device__(self):
                    return (1, 0)

                @property
                def __array_interface__(self):
                    # NumPy's older protocol, for np.asarray(x): a writable view in every NumPy
                    # version (NumPy < 2.1 imports DLPack read-only). The memory is pinned by an
                    # unconsumed export held here, released when this object dies.
                    if getattr(self, '_pin', None) is None:  # (toPython leaves the slot unset)
                        self._pin = _export(self._token, 1, 0, -1, -1, 0)
                    data, readonly, shape, strides, typestr = _interface(self._token)
                    return {'version': 3, 'data': (data, readonly), 'shape': shape,
                            'strides': strides, 'typestr': typestr}

                def __repr__(self):
                    return _describe_array(self._token)


            # The Python __dlpack__ above: where the interpreter offers vectorcall (3.9+), ndpack
            # replaces NDArray.__dlpack__ by a C method (an upcall) that answers the usual calls
            # itself and hands every other call to this function, unchanged.
            DLPACK_GENERAL = NDArray.__dlpack__
            """;
}
