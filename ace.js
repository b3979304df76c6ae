/*
|--------------------------------------------------------------------------
| JavaScript entrypoint for running ace commands
|--------------------------------------------------------------------------
|
| The TypeScript sources are compiled on the fly by ts-node (with swc), so
| `node ace` works on a fresh clone without a build step.
*/
import 'ts-node-maintained/register/esm'

await import('./bin/console.js')
