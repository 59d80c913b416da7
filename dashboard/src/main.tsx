import { render } from 'preact';
import { App } from './app.js';
import { startInventory } from './inventory.js';
import { startLive } from './live.js';
import { onLinkClick } from './router.js';
import { installStateMarks } from './states.js';
import { installTileTitles } from './tile-title.js';
import './styles.css';

installStateMarks();
installTileTitles();
startLive();
startInventory();
document.addEventListener('click', onLinkClick);
const root = document.getElementById('app');
if (root) render(<App />, root);
