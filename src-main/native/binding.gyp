# node-gyp project for the Node-API addon. Built by scripts/build-native.mjs into
# src-main/native/build/Release/wirebench_native.node (never committed); npm run build copies it
# to dist/native/. Node-API only, so one binary serves Node and Electron. The C files share
# wirebench.h; hidden visibility keeps their wb_* functions out of the binary's exports, leaving
# only the Node-API entry points.
{
  "targets": [
    {
      "target_name": "wirebench_native",
      "sources": [
        "wirebench_native.c", "wb_syscalls.c", "wb_dispatch.c", "wb_socket.c",
        "wb_address.c", "wb_args.c", "wb_errors.c"
      ],
      "defines": ["NAPI_VERSION=8"],
      "conditions": [
        ["OS=='win'", {
          "libraries": ["ws2_32.lib"]
        }],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_C_LANGUAGE_STANDARD": "gnu11",
            "MACOSX_DEPLOYMENT_TARGET": "11.0",
            "GCC_SYMBOLS_PRIVATE_EXTERN": "YES",
            "WARNING_CFLAGS": ["-Wall", "-Wextra", "-Wno-unused-parameter"]
          }
        }],
        ["OS!='win' and OS!='mac'", {
          "cflags_c": ["-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter", "-fvisibility=hidden"]
        }]
      ]
    }
  ]
}
