// The API suite against `kundenwert` as a bundler app imports it: no plugin, no configuration.
import * as kw from 'kundenwert';
import { runSuite } from '../js/runner.mjs';

runSuite(kw);
