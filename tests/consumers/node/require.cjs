// CommonJS, as an older server or a test runner loads it: require(esm), Node 20.19+.
const kw = require('kundenwert');
const models = require('kundenwert/models');
(async () => {
  await kw.init();
  await models.init();
  const fit = models.fitShiftedBetaGeometric([0.631, 0.468, 0.382, 0.326, 0.289, 0.262, 0.241]);
  console.log(JSON.stringify({ clv: kw.clvSubscription({ arpa: 100, grossMargin: 0.8, churnRate: 0.05 }).clv, alpha: Number(fit.params.alpha.toFixed(3)) }));
})();
