// hubbub is ES modules only: Jest's Babel transform must compile it too, as README's "Jest" says.
module.exports = {
  testEnvironment: 'jsdom',
  transformIgnorePatterns: ['/node_modules/(?!hubbub/)'],
};
