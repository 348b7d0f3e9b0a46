// The elements as a bundler app registers them: one import, no plugin.
import 'kundenwert/elements';
