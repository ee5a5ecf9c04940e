// Generated input against recerc's update operation: invariants and seed in ../support/generated-input.ts.
import { generatedInputSuite } from '../support/generated-input.js';

generatedInputSuite('recerc');
