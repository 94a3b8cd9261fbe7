// node:http for the bundles, taken at run time instead of through an ESM import: in Node 24 an
// ESM `import … from 'node:http'` loads undici eagerly, ~10 ms of every cold start (nodejs/node#59686).
module.exports = process.getBuiltinModule('node:http');
