/** The README commands must run on Node.js 24 (the Lambda runtime), whatever the machine ships. */
const major = Number(process.versions.node.split('.')[0]);
if (major !== 24) {
  console.error(`motcua needs Node.js 24; this is ${process.version}. Run the commands through npm (npm start, npm test), which uses the Node 24 installed in node_modules.`);
  process.exit(1);
}
console.log(`Node.js ${process.version} (same major as the Lambda runtime nodejs24.x)`);
