/** The console's entry point (index.html loads it; Vite bundles it into dist/console/). */
import { render } from 'preact';
import { App } from './app.js';
import './styles.css';

render(<App />, document.getElementById('app')!);
