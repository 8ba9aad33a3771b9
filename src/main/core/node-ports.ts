// The core's second door, for hosts without Electron (the browser host, tests, benchmarks): Node
// implementations of its ports. Apart from index.ts so that the desktop app, which imports the
// barrel, never loads the OS keyring's native module (@napi-rs/keyring) into Electron's main.
export { MemoryClipboard } from './clipboard/memory-clipboard';
export { KeyringSafeStorage } from './vault/keyring-safe-storage';
