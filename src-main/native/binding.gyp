# node-gyp project for the Node-API addon. Built by scripts/build-native.mjs into
# src-main/native/build/Release/wirebench_native.node (never committed); npm run build copies it
# to dist/native/. Node-API only, so one binary serves Node and Electron.
{
  "targets": [
    {
      "target_name": "wirebench_native",
      "sources": ["wirebench_native.c"],
      "defines": ["NAPI_VERSION=8"],
      "conditions": [
        ["OS=='win'", {
          "libraries": ["ws2_32.lib"]
        }],
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_C_LANGUAGE_STANDARD": "gnu11",
            "MACOSX_DEPLOYMENT_TARGET": "11.0",
            "WARNING_CFLAGS": ["-Wall", "-Wextra", "-Wno-unused-parameter"]
          }
        }],
        ["OS!='win' and OS!='mac'", {
          "cflags_c": ["-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter"]
        }]
      ]
    }
  ]
}
