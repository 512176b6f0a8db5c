import { createApp } from 'vue';
import 'ws-widgets/define';
import App from './App.vue';

createApp(App).mount('#app');
