// Shows Chamabora's notices while no page of it is open: Firebase Messaging displays the
// notification a push carries by itself.
importScripts("{{ url_for('static', filename='vendor/firebase-app-compat.js') }}",
              "{{ url_for('static', filename='vendor/firebase-messaging-compat.js') }}");
firebase.initializeApp({{ config|safe }});
firebase.messaging();
