import { sqliteStores } from '../test-support/stores';
import { authorizationMatrix } from './authorization-matrix';

authorizationMatrix('SQLite', sqliteStores);
